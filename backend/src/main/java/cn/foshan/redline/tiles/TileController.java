package cn.foshan.redline.tiles;

import cn.foshan.redline.maps.FeatureLayer;
import cn.foshan.redline.maps.LayerCatalog;
import cn.foshan.redline.maps.LayerDefinition;
import cn.foshan.redline.maps.LayerField;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlTemplate;
import cn.foshan.redline.system.Times;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
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

  /**
   * Kept by browsers and proxies, asked again each time: a write must show at once (the editor
   * redraws its layers after a commit), and the check costs one small query, without the tile.
   */
  private static final CacheControl REVALIDATE = CacheControl.noCache().cachePublic();

  /** Bytes of the tile's SHA-256 in its ETag (128 bits: no two tiles ever share one). */
  private static final int HASH_BYTES = 16;

  /** Changes when the service restarts, so new code never serves tiles cached from old code. */
  private final String instance = Long.toString(System.currentTimeMillis(), 36);

  /** An ETag this instance gave out: the tile's hash and its layers' revisions. */
  private final Pattern etagPattern =
      Pattern.compile("(?:W/)?\"([0-9a-f]{" + 2 * HASH_BYTES + "})-([0-9.]+)-" + instance + "\"");

  private final JdbcClient jdbc;
  private final LayerCatalog catalog;
  private final SqlTemplate statement = SqlTemplate.load("tiles/select_tile.sql", "layers");
  private final SqlTemplate currentLayer =
      SqlTemplate.load("tiles/select_tile_layer.sql", "min_zoom", "position", "features");
  private final SqlTemplate pastLayer =
      SqlTemplate.load("tiles/select_tile_layer_as_of.sql", "min_zoom", "position", "attributes");

  /**
   * The statement of each set of layers (in drawing order) now or as of a moment: at most 2 ×
   * 2^(number of layers) of them.
   */
  private final Map<String, String> sqlByLayers = new ConcurrentHashMap<>();

  TileController(ReadRouting reads, LayerCatalog catalog) {
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.catalog = catalog;
    // every layer's statement is composed once at start, so a bad layer query fails start-up
    for (FeatureLayer layer : catalog.all()) {
      sql(List.of(layer), false);
      sql(List.of(layer), true);
    }
  }

  /**
   * The layer's tile attributes, read from a kept version's properties (a JSON object of its
   * columns): {@code f.properties ->> 'code' AS code, …}, each column a plain name.
   */
  private static String attributesAsOf(FeatureLayer layer) {
    StringBuilder sql = new StringBuilder();
    for (LayerDefinition.TileAttribute a : layer.tileAttributes()) {
      String value = "f.properties ->> '" + a.column() + "'";
      sql.append(a.type() == LayerField.Type.BOOLEAN ? "(" + value + ")::boolean" : value)
          .append(" AS ")
          .append(a.column())
          .append(", ");
    }
    return sql.toString();
  }

  /** The statement making the tile of these layers (in drawing order), now or as of a moment. */
  private String sql(List<FeatureLayer> layers, boolean asOf) {
    String key =
        layers.stream().map(FeatureLayer::id).collect(Collectors.joining(",")) + (asOf ? "@" : "");
    return sqlByLayers.computeIfAbsent(
        key,
        k -> {
          List<String> parts = new ArrayList<>();
          for (int i = 0; i < layers.size(); i++) {
            FeatureLayer l = layers.get(i);
            String position = Integer.toString(i + 1);
            String minZoom = Integer.toString(l.minZoom());
            parts.add(
                asOf && l.versioned()
                    ? pastLayer
                        .sql("min_zoom", minZoom)
                        .sql("position", position)
                        .sql("attributes", attributesAsOf(l))
                        .sql()
                    : currentLayer
                        .sql("min_zoom", minZoom)
                        .sql("position", position)
                        .sql("features", l.tileFeaturesSql())
                        .sql());
          }
          return statement.sql("layers", String.join("\n|| ", parts)).sql();
        });
  }

  @SuppressWarnings(
      "ArrayRecordComponent") // a carrier from the row to the response, never compared
  private record Tile(String revisions, byte[] mvt) {}

  /** What the client holds, from an ETag this instance gave out: the tile's hash and revisions. */
  private record Held(String hash, String revisions) {}

  @GetMapping(
      value = "/tiles/{layer}/{z}/{x}/{y}.mvt",
      produces = "application/vnd.mapbox-vector-tile")
  @Operation(
      summary = "A vector tile (MVT) of one layer, in Web Mercator tile coordinates",
      description =
          "Made by PostGIS (ST_AsMVT) and sent as it comes (gzip when asked). The ETag (weak) is"
              + " the tile's hash with the layer's revision: send it back in If-None-Match and an"
              + " unchanged tile is answered 304 (without making it when the layer has not"
              + " changed at all).")
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
    return serve(List.of(catalog.get(layer)), z, x, y, asOf, ifNoneMatch);
  }

  @GetMapping(value = "/tiles/{z}/{x}/{y}.mvt", produces = "application/vnd.mapbox-vector-tile")
  @Operation(
      summary = "One vector tile (MVT) of several layers, one MVT layer each",
      description =
          "The same MVT layers as the single-layer tiles, in drawing order (bottom first), in one"
              + " response; each layer empty below its minimum zoom. The ETag (weak) is the"
              + " tile's hash with the revisions of the layers asked: send it back in"
              + " If-None-Match and an unchanged tile is answered 304.")
  ResponseEntity<byte[]> tiles(
      @Parameter(
              description =
                  "the layers, comma-separated (e.g. district,cluster,red_line), each at most once")
          @RequestParam(required = false)
          String layers,
      @PathVariable int z,
      @PathVariable int x,
      @PathVariable int y,
      @Parameter(
              description =
                  "draw the layers keeping history as they were at this moment (ISO 8601)")
          @RequestParam(required = false)
          OffsetDateTime asOf,
      @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    return serve(layers(layers), z, x, y, asOf, ifNoneMatch);
  }

  /** The layers named (known, each once, at most every layer), in drawing order; else a 400. */
  private List<FeatureLayer> layers(String names) {
    List<FeatureLayer> all = catalog.all();
    String known = all.stream().map(FeatureLayer::id).collect(Collectors.joining(", "));
    if (names == null) {
      throw ApiException.badRequest(
          "invalid-parameter", "请用 layers 指明图层（name the layers: ?layers=" + known + "）");
    }
    String[] asked = names.split(",", -1);
    if (asked.length > all.size()) {
      throw ApiException.badRequest(
          "invalid-parameter",
          "一个瓦片最多 "
              + all.size()
              + " 个图层（at most "
              + all.size()
              + " layers in one tile, each once: "
              + known
              + "）");
    }
    Set<String> ids = new LinkedHashSet<>();
    for (String name : asked) {
      String id = name.strip();
      if (catalog.all().stream().noneMatch(l -> l.id().equals(id))) {
        throw ApiException.badRequest(
            "unknown-layer", "没有图层“" + id + "”，可用图层：" + known + "（there is no layer '" + id + "'）");
      }
      if (!ids.add(id)) {
        throw ApiException.badRequest(
            "invalid-parameter", "图层“" + id + "”重复（layer '" + id + "' is asked twice）");
      }
    }
    return all.stream().filter(l -> ids.contains(l.id())).toList();
  }

  private ResponseEntity<byte[]> serve(
      List<FeatureLayer> layers, int z, int x, int y, OffsetDateTime asOf, String ifNoneMatch) {
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
    Held held = held(ifNoneMatch, layers.size());
    boolean past = asOf != null && layers.stream().anyMatch(FeatureLayer::versioned);
    Tile tile =
        jdbc.sql(sql(layers, past))
            .param(
                "layer_names",
                layers.stream().map(FeatureLayer::id).collect(Collectors.joining(",")))
            .param("z", z)
            .param("x", x)
            .param("y", y)
            .param("known_revisions", held == null ? null : held.revisions())
            .param("as_of", past ? asOf : null)
            .query((rs, n) -> new Tile(rs.getString(1), rs.getBytes(2)))
            .single();
    if (tile.mvt() == null) {
      // the layers have not changed since the client's tile was made: neither has the tile
      return notModified(etag(held.hash(), tile.revisions()));
    }
    String hash = hash(tile.mvt());
    String etag = etag(hash, tile.revisions());
    if (held != null && held.hash().equals(hash)) {
      // the layers changed elsewhere, this tile did not
      return notModified(etag);
    }
    return ResponseEntity.ok()
        .contentType(MVT)
        .cacheControl(REVALIDATE)
        .eTag(etag)
        .body(tile.mvt());
  }

  private static ResponseEntity<byte[]> notModified(String etag) {
    return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
        .eTag(etag)
        .cacheControl(REVALIDATE)
        .build();
  }

  /**
   * Weak: the same tile is sent gzipped or not (Tomcat compresses only responses with a weak ETag
   * or none, as a strong one would have to differ between the two).
   */
  private String etag(String hash, String revisions) {
    return "W/\"" + hash + "-" + revisions + "-" + instance + "\"";
  }

  private static String hash(byte[] mvt) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(mvt);
      return HexFormat.of().formatHex(digest, 0, HASH_BYTES);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }

  /** The first ETag in If-None-Match this instance gave out for as many layers; else null. */
  private Held held(String ifNoneMatch, int layers) {
    if (ifNoneMatch == null) {
      return null;
    }
    Matcher m = etagPattern.matcher(ifNoneMatch);
    while (m.find()) {
      String revisions = m.group(2);
      if (revisions.split("\\.", -1).length == layers) {
        return new Held(m.group(1), revisions);
      }
    }
    return null;
  }
}
