package cn.foshan.redline.tiles;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import cn.foshan.redline.system.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Tiles", description = "Mapbox Vector Tiles of every layer")
class TileController {

  static final MediaType MVT = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");
  private static final int MAX_ZOOM = 22;
  private static final byte[] EMPTY = new byte[0];
  private static final CacheControl REVALIDATE = CacheControl.noCache().cachePublic();

  /** Changes when the service restarts, so new code never serves tiles cached from old code. */
  private final String instance = Long.toString(System.currentTimeMillis(), 36);

  private final Pattern etagPattern = Pattern.compile("\"([a-z_]+)-(\\d+)-" + instance + "\"");
  private final JdbcClient jdbc;
  private final LayerCatalog catalog;
  private final Map<String, String> tileSql = new HashMap<>();
  private final String asOfSql = SqlFiles.load("tiles/select_tile_as_of.sql");

  TileController(JdbcClient jdbc, LayerCatalog catalog) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    SqlTemplate template = SqlTemplate.load("tiles/select_tile.sql", "features");
    for (FeatureLayer layer : catalog.all()) {
      tileSql.put(layer.id(), template.sql("features", layer.tileFeaturesSql()).sql());
    }
  }

  @SuppressWarnings(
      "ArrayRecordComponent") // a carrier from the row to the response, never compared
  private record Tile(long revision, byte[] mvt) {}

  @GetMapping(
      value = "/tiles/{layer}/{z}/{x}/{y}.mvt",
      produces = "application/vnd.mapbox-vector-tile")
  @Operation(
      summary = "A vector tile (MVT) of one layer, in Web Mercator tile coordinates",
      description =
          "Made by PostGIS (ST_AsMVT) and sent as it comes. The ETag is the layer's revision:"
              + " send it back in If-None-Match and an unchanged tile is answered 304.")
  ResponseEntity<byte[]> tile(
      @PathVariable String layer,
      @PathVariable int z,
      @PathVariable int x,
      @PathVariable int y,
      @Parameter(
              description =
                  "draw the layer as it was at this moment (ISO 8601), for layers keeping history")
          @RequestParam(required = false)
          OffsetDateTime asOf,
      @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    FeatureLayer l = catalog.get(layer);
    if (z < 0 || z > MAX_ZOOM || x < 0 || y < 0 || x >= (1L << z) || y >= (1L << z)) {
      throw ApiException.badRequest(
          "invalid-tile",
          "No tile "
              + z
              + "/"
              + x
              + "/"
              + y
              + ": zoom must be 0–"
              + MAX_ZOOM
              + ", x and y 0–2^zoom−1");
    }
    Times.checked(asOf, "invalid-parameter", "asOf " + asOf);
    long known = knownRevision(l.id(), ifNoneMatch);
    boolean past = asOf != null && l.versioned();
    Tile tile =
        jdbc.sql(past ? asOfSql : tileSql.get(l.id()))
            .param("layer_name", l.id())
            .param("z", z)
            .param("x", x)
            .param("y", y)
            .param("known_revision", known)
            .param("min_zoom", l.minZoom())
            .param("as_of", past ? asOf : null)
            .query((rs, n) -> new Tile(rs.getLong(1), rs.getBytes(2)))
            .single();
    String etag = "\"" + l.id() + "-" + tile.revision() + "-" + instance + "\"";
    if (tile.revision() == known) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
          .eTag(etag)
          .cacheControl(REVALIDATE)
          .build();
    }
    return ResponseEntity.ok()
        .contentType(MVT)
        .cacheControl(REVALIDATE)
        .eTag(etag)
        .body(tile.mvt() == null ? EMPTY : tile.mvt());
  }

  /** The revision the client holds, from an ETag this instance gave out for this layer; else -1. */
  private long knownRevision(String layer, String ifNoneMatch) {
    if (ifNoneMatch == null) {
      return -1;
    }
    Matcher m = etagPattern.matcher(ifNoneMatch);
    while (m.find()) {
      if (m.group(1).equals(layer)) {
        return Long.parseLong(m.group(2));
      }
    }
    return -1;
  }
}
