package cn.foshan.redline.tiles;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.HashMap;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.WebRequest;

@RestController
@Tag(name = "Tiles", description = "Mapbox Vector Tiles of every layer")
class TileController {

  static final MediaType MVT = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");
  private static final int MAX_ZOOM = 22;
  private static final byte[] EMPTY = new byte[0];

  private final JdbcClient jdbc;
  private final LayerCatalog catalog;
  private final Map<String, String> tileSql = new HashMap<>();
  private final String revisionSql = SqlFiles.load("tiles/select_layer_revision.sql");

  /** Changes when the service restarts, so new code never serves tiles cached from old code. */
  private final String instance = Long.toString(System.currentTimeMillis(), 36);

  TileController(JdbcClient jdbc, LayerCatalog catalog) {
    this.jdbc = jdbc;
    this.catalog = catalog;
    String template = SqlFiles.load("tiles/select_tile.sql");
    for (FeatureLayer layer : catalog.all()) {
      tileSql.put(layer.id(), template.replace("/*features*/", layer.tileFeaturesSql()));
    }
  }

  @GetMapping(
      value = "/tiles/{layer}/{z}/{x}/{y}.mvt",
      produces = "application/vnd.mapbox-vector-tile")
  @Operation(summary = "A vector tile (MVT) of one layer, in Web Mercator tile coordinates")
  ResponseEntity<byte[]> tile(
      @PathVariable String layer,
      @PathVariable int z,
      @PathVariable int x,
      @PathVariable int y,
      WebRequest request) {
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
    long revision = jdbc.sql(revisionSql).param("layer", l.id()).query(Long.class).single();
    String etag = "\"" + l.id() + "-" + revision + "-" + instance + "\"";
    if (request.checkNotModified(etag)) {
      return null;
    }
    byte[] body =
        z < l.minZoom()
            ? EMPTY
            : jdbc.sql(tileSql.get(l.id()))
                .param("layer_name", l.id())
                .param("z", z)
                .param("x", x)
                .param("y", y)
                .query(byte[].class)
                .single();
    return ResponseEntity.ok()
        .contentType(MVT)
        .cacheControl(CacheControl.noCache().cachePublic())
        .eTag(etag)
        .body(body);
  }
}
