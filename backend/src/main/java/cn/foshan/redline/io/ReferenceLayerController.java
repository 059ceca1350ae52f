package cn.foshan.redline.io;

import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.PageLimits;
import cn.foshan.redline.system.RawJson;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Reference layers (参考图层): loaded from a file, listed, renamed and deleted by the bureau; drawn as
 * vector tiles under the editable layers, identified at a point, and their shapes in view given to
 * the editor for snapping.
 */
@RestController
@Tag(
    name = "Reference layers",
    description =
        "Read-only layers loaded from files (roads, rivers, 三调 land use…) with their provenance:"
            + " drawn under the editable layers, identifiable, snappable")
class ReferenceLayerController {

  static final MediaType MVT = MediaType.parseMediaType("application/vnd.mapbox-vector-tile");
  private static final int MAX_ZOOM = 22;

  /** Below this zoom a reference layer is not drawn (a whole city's roads make no tile). */
  static final int MIN_ZOOM = 10;

  /** The most features of one reference layer in one tile. */
  private static final int MAX_TILE_FEATURES = 20_000;

  private static final int MAX_AT_POINT = 20;
  private static final int MAX_SNAPPING = 5_000;
  private static final CacheControl REVALIDATE = CacheControl.noCache().cachePublic();

  private final ReferenceLayers layers;
  private final ImportSlots slots;
  private final JdbcClient reads;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "io",
          "select_reference_tile",
          "select_reference_features_at_point",
          "select_reference_features_in_box");

  ReferenceLayerController(ReferenceLayers layers, ImportSlots slots, ReadRouting routing) {
    this.layers = layers;
    this.slots = slots;
    this.reads = routing.mayLag();
  }

  @GetMapping("/api/reference-layers")
  @Operation(
      summary =
          "The reference layers, by name, with their provenance, extent and tile URL template")
  List<ReferenceLayers.ReferenceLayer> list() {
    return layers.list();
  }

  @GetMapping("/api/reference-layers/{id}")
  @Operation(summary = "One reference layer with its provenance")
  ReferenceLayers.ReferenceLayer get(@PathVariable long id) {
    return layers.find(id);
  }

  @PostMapping(value = "/api/reference-layers", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
  @Operation(
      summary =
          "Load a file (zipped Shapefile, GeoPackage, GeoJSON, KML, CSV or XLSX with a WKT column,"
              + " a DXF drawing) as a new reference layer (bureau, admin); answers it (201)",
      description =
          "Read as imports are (the same checks of hostile files, the same limits): the CRS comes"
              + " from the file or from crs=, never guessed; points, lines and polygons are kept"
              + " in CGCS2000 with their attributes. At most redline.io.max-reference-features"
              + " features; a file refused is a 4xx problem and nothing is written. A name is"
              + " unique (409). A DXF drawing says no CRS: crs= must name it (EPSG:4547, 4546 or"
              + " 4490; 400 without); CAD x is the easting (with or without the zone number in"
              + " front), y the northing; closed polylines become polygons, open ones stay lines.")
  ResponseEntity<ReferenceLayers.ReferenceLayer> load(
      @RequestParam("file") MultipartFile file,
      @Parameter(description = "the layer's name, e.g. 道路 Roads (1–100 characters)") @RequestParam
          String name,
      @Parameter(description = "where the data comes from (at most 1,000 characters)")
          @RequestParam(required = false)
          String sourceNote,
      @Parameter(description = "the layer of a file holding several (a GeoPackage)")
          @RequestParam(required = false)
          String fileLayer,
      @Parameter(
              description =
                  "EPSG:4490, EPSG:4326, EPSG:4547 or EPSG:4546, when the file does not say or"
                      + " says wrong; a DXF drawing must name it (EPSG:4547, 4546 or 4490)")
          @RequestParam(required = false)
          String crs,
      @Parameter(description = "UTF-8, GBK, GB18030, BIG5 or ISO-8859-1 (Shapefile, CSV)")
          @RequestParam(required = false)
          String encoding)
      throws IOException {
    var user = UserAccounts.require();
    try (ImportSlots.Slot slot = slots.take();
        InputStream in = file.getInputStream()) {
      ReferenceLayers.ReferenceLayer layer =
          layers.load(
              user,
              in,
              file.getOriginalFilename(),
              file.getSize(),
              name,
              sourceNote,
              fileLayer,
              crs,
              encoding);
      return ResponseEntity.created(URI.create("/api/reference-layers/" + layer.id())).body(layer);
    }
  }

  @PatchMapping("/api/reference-layers/{id}")
  @Operation(summary = "Rename a reference layer or change its source note (bureau, admin)")
  ReferenceLayers.ReferenceLayer change(
      @PathVariable long id, @RequestBody ReferenceLayers.Change change) {
    return layers.change(UserAccounts.require(), id, change);
  }

  @DeleteMapping("/api/reference-layers/{id}")
  @Operation(summary = "Delete a reference layer and its features (bureau, admin)")
  ResponseEntity<Void> delete(@PathVariable long id) {
    layers.delete(UserAccounts.require(), id);
    return ResponseEntity.noContent().build();
  }

  /** A feature of a reference layer at a point: its layer, id, kind of shape and attributes. */
  record FeatureAtPoint(
      long layerId, String layerName, int id, String geometryType, RawJson attributes) {}

  @GetMapping("/api/reference-layers/features")
  @Operation(
      summary =
          "The features of the given reference layers within a radius of a point, nearest first"
              + " (at most 20)")
  List<FeatureAtPoint> featuresAt(
      @Parameter(description = "longitude, degrees (CGCS2000)", example = "113.05") @RequestParam
          double lon,
      @Parameter(description = "latitude, degrees (CGCS2000)", example = "23.05") @RequestParam
          double lat,
      @Parameter(description = "comma-separated reference layer ids") @RequestParam String layers,
      @Parameter(description = "search radius in metres (0–500; default 10)")
          @RequestParam(defaultValue = "10")
          double radius) {
    if (!(lon >= -180 && lon <= 180 && lat >= -85 && lat <= 85)) {
      throw ApiException.badRequest(
          "invalid-coordinates", "经纬度超出范围（lon must be in [-180, 180] and lat in [-85, 85]）");
    }
    if (!(radius >= 0 && radius <= 500)) {
      throw ApiException.badRequest(
          "invalid-parameter", "radius 应在 0–500 米之间（radius must be 0–500 m）");
    }
    Long[] ids = ids(layers);
    // metres as degrees of longitude at this latitude (the larger of the two): a circle is inside
    double degrees = radius / (111_320 * Math.cos(Math.toRadians(lat)));
    return reads
        .sql(sql.get("select_reference_features_at_point"))
        .param("lon", lon)
        .param("lat", lat)
        .param("radius", degrees)
        .param("layers", ids)
        .param("limit", MAX_AT_POINT)
        .query(
            (rs, n) ->
                new FeatureAtPoint(
                    rs.getLong("layer_id"),
                    rs.getString("layer_name"),
                    rs.getInt("id"),
                    rs.getString("geometry_type"),
                    new RawJson(rs.getString("attributes"))))
        .list();
  }

  private static Long[] ids(String layers) {
    String[] parts = layers == null ? new String[0] : layers.split(",", -1);
    if (parts.length == 0 || parts.length > ReferenceLayers.MAX_LAYERS) {
      throw ApiException.badRequest(
          "invalid-parameter", "请用 layers 指明参考图层编号（name the reference layers: ?layers=1,2）");
    }
    try {
      return Arrays.stream(parts).map(String::strip).map(Long::valueOf).toArray(Long[]::new);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid-parameter",
          "layers 应为参考图层编号，以逗号分隔（layers must be reference layer ids, comma-separated）");
    }
  }

  @GetMapping(value = "/api/reference-layers/{id}/shapes", produces = "application/geo+json")
  @Operation(
      summary =
          "The shapes of a reference layer in a box, as GeoJSON (ids only, no attributes), for"
              + " snapping: at most limit (≤ 5,000)")
  ResponseEntity<String> shapes(
      @PathVariable long id,
      @Parameter(description = "west,south,east,north in degrees (CGCS2000)") @RequestParam
          String bbox,
      @RequestParam(defaultValue = "2000") int limit) {
    double[] box = bbox(bbox);
    PageLimits.check(limit, 0, MAX_SNAPPING, 0);
    layers.find(id);
    List<String> features =
        reads
            .sql(sql.get("select_reference_features_in_box"))
            .param("layer_id", id)
            .param("west", box[0])
            .param("south", box[1])
            .param("east", box[2])
            .param("north", box[3])
            .param("limit", limit)
            .query(
                (rs, n) ->
                    "{\"type\":\"Feature\",\"id\":"
                        + rs.getInt("id")
                        + ",\"properties\":{},\"geometry\":"
                        + rs.getString("geometry")
                        + "}")
            .list();
    return ResponseEntity.ok()
        .contentType(MediaType.parseMediaType("application/geo+json"))
        .body("{\"type\":\"FeatureCollection\",\"features\":[" + String.join(",", features) + "]}");
  }

  private static double[] bbox(String bbox) {
    String[] parts = bbox.split(",", -1);
    double[] box = new double[4];
    try {
      if (parts.length != 4) {
        throw new NumberFormatException();
      }
      for (int i = 0; i < 4; i++) {
        box[i] = Double.parseDouble(parts[i].strip());
      }
    } catch (NumberFormatException e) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox 应为 西,南,东,北 四个经纬度（bbox must be west,south,east,north）");
    }
    if (!(box[0] <= box[2]
        && box[1] <= box[3]
        && box[0] >= -180
        && box[2] <= 180
        && box[1] >= -90
        && box[3] <= 90)) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox 超出范围或西大于东（bbox out of range, or west > east）");
    }
    return box;
  }

  @GetMapping(
      value = "/tiles/reference/{id}/{z}/{x}/{y}.mvt",
      produces = "application/vnd.mapbox-vector-tile")
  @Operation(
      summary = "A vector tile (MVT, layer 'reference') of one reference layer",
      description =
          "Made by PostGIS, clipped to the tile; empty below zoom 10. The ETag (weak) is the"
              + " tile's hash: send it back in If-None-Match and an unchanged tile is 304.")
  ResponseEntity<byte[]> tile(
      @PathVariable long id,
      @PathVariable int z,
      @PathVariable int x,
      @PathVariable int y,
      @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) String ifNoneMatch) {
    if (z < 0 || z > MAX_ZOOM || x < 0 || y < 0 || x >= (1L << z) || y >= (1L << z)) {
      throw ApiException.badRequest(
          "invalid-tile",
          "没有瓦片 "
              + z
              + "/"
              + x
              + "/"
              + y
              + "（zoom must be 0–"
              + MAX_ZOOM
              + ", x and y 0–2^zoom−1）");
    }
    layers.find(id);
    byte[] mvt =
        z < MIN_ZOOM
            ? new byte[0]
            : reads
                .sql(sql.get("select_reference_tile"))
                .param("layer_id", id)
                .param("z", z)
                .param("x", x)
                .param("y", y)
                .param("max_features", MAX_TILE_FEATURES)
                .query(byte[].class)
                .single();
    String etag = "W/\"" + hash(mvt) + "\"";
    if (ifNoneMatch != null && ifNoneMatch.contains(etag.substring(2))) {
      return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
          .eTag(etag)
          .cacheControl(REVALIDATE)
          .build();
    }
    return ResponseEntity.ok().contentType(MVT).cacheControl(REVALIDATE).eTag(etag).body(mvt);
  }

  private static String hash(byte[] mvt) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(mvt), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java has SHA-256", e);
    }
  }
}
