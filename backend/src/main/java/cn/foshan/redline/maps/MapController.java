package cn.foshan.redline.maps;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlFiles;
import cn.foshan.redline.system.SqlTemplate;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Map", description = "Layers, map settings, and what lies at a point")
class MapController {

  private final LayerCatalog catalog;
  private final MapProperties properties;
  private final JdbcClient jdbc;
  private final String datasetSql = SqlFiles.load("maps/select_dataset_info.sql");
  private final SqlTemplate atPoint =
      SqlTemplate.load("maps/select_features_at_point.sql", "features");

  MapController(LayerCatalog catalog, MapProperties properties, JdbcClient jdbc) {
    this.catalog = catalog;
    this.properties = properties;
    this.jdbc = jdbc;
  }

  /**
   * A layer as the browser needs it: names, drawing, whether it keeps history, its fields with
   * labels and code lists, how it is edited (null when it is not) and how it is drawn where the
   * browser has no cartography of its own for it (null: a default grey); whether the map shows it
   * before anyone switches it on.
   */
  record LayerInfo(
      String id,
      String name,
      String nameEn,
      int minZoom,
      String tiles,
      boolean versioned,
      List<FieldInfo> fields,
      EditingInfo editing,
      StyleInfo style,
      boolean shown) {}

  /**
   * How a layer is drawn where the browser has no cartography of its own for it: fill and outline
   * (#rrggbb), the fill's opacity, and the fill by the code of tile attribute {@code by}, each code
   * with its colour and label (the legend's entries, in order).
   */
  record StyleInfo(
      String fill, String outline, double fillOpacity, String by, List<ColourInfo> colours) {}

  record ColourInfo(String code, String colour, List<String> label) {}

  /** A field: its property, type, label [Chinese, English] and codes (each with its label). */
  record FieldInfo(
      String property,
      String type,
      List<String> label,
      boolean required,
      boolean derived,
      List<CodeInfo> codes) {}

  record CodeInfo(String code, List<String> label) {}

  /**
   * How a layer is edited: what one feature is called, the prefix of made codes, and from which
   * zoom its neighbours are loaded for snapping.
   */
  record EditingInfo(String name, String nameEn, String codePrefix, int snappingZoom) {}

  /**
   * What data is loaded: kind "demo" for the generated demo city (with its seed, number of parcels
   * and the date its figures describe); null when nothing but the districts is loaded.
   */
  record Dataset(String kind, Long seed, Integer parcels, String asOf) {}

  /**
   * A basemap the switcher offers: its name (also what a browser remembers it by), the tile URL
   * template (with its key, if any), attribution (text), the subdomains {s} stands for and the
   * deepest zoom it has tiles for.
   */
  record BasemapInfo(
      String name, String url, String attribution, List<String> subdomains, int maxZoom) {}

  /**
   * The map's settings; center is [lat, lon]. basemapUrl and basemapAttribution are the older
   * single basemap's (also the first of basemaps).
   */
  record MapConfig(
      String basemapUrl,
      String basemapAttribution,
      List<BasemapInfo> basemaps,
      List<Double> center,
      int zoom,
      Dataset dataset) {}

  record FeatureAtPoint(
      String layer,
      String layerName,
      String layerNameEn,
      String id,
      @JsonRawValue String properties) {}

  record FeaturesAtPoint(double lon, double lat, List<FeatureAtPoint> features) {}

  @GetMapping("/api/layers")
  @Operation(
      summary =
          "The map's layers, bottom first, with their vector-tile URL templates, fields (labels,"
              + " code lists) and how they are edited")
  List<LayerInfo> layers() {
    return catalog.all().stream().map(MapController::info).toList();
  }

  private static LayerInfo info(FeatureLayer l) {
    return new LayerInfo(
        l.id(),
        l.name(),
        l.nameEn(),
        l.minZoom(),
        "/tiles/" + l.id() + "/{z}/{x}/{y}.mvt",
        l.versioned(),
        l.fields().stream()
            .map(
                f ->
                    new FieldInfo(
                        f.property(),
                        f.type().name(),
                        List.of(f.label().zh(), f.label().en()),
                        f.required(),
                        f.derived(),
                        f.codes().stream()
                            .map(
                                c ->
                                    new CodeInfo(
                                        c.value(), List.of(c.label().zh(), c.label().en())))
                            .toList()))
            .toList(),
        l.editable()
            .map(e -> new EditingInfo(e.name(), e.nameEn(), e.codePrefix(), e.snappingZoom()))
            .orElse(null),
        style(l),
        l.shownAtStart());
  }

  private static StyleInfo style(FeatureLayer l) {
    LayerStyle s = l.style();
    if (s == null) {
      return null;
    }
    List<ColourInfo> colours =
        s.colours().entrySet().stream()
            .map(
                e ->
                    new ColourInfo(
                        e.getKey(),
                        e.getValue(),
                        l.fields().stream()
                            .filter(f -> f.column().equals(s.by()))
                            .flatMap(f -> f.codes().stream())
                            .filter(c -> c.value().equals(e.getKey()))
                            .map(c -> List.of(c.label().zh(), c.label().en()))
                            .findFirst()
                            .orElse(List.of(e.getKey(), e.getKey()))))
            .toList();
    return new StyleInfo(s.fill(), s.outline(), s.fillOpacity(), s.by(), colours);
  }

  @GetMapping("/api/map/config")
  @Operation(
      summary = "Map settings: the basemaps offered (none by default), initial view, dataset")
  MapConfig config() {
    Map<String, String> info = new HashMap<>();
    jdbc.sql(datasetSql).query((rs, n) -> info.put(rs.getString(1), rs.getString(2))).list();
    Dataset dataset =
        info.isEmpty()
            ? null
            : new Dataset(
                info.get("kind"),
                info.containsKey("seed") ? Long.valueOf(info.get("seed")) : null,
                info.containsKey("parcels") ? Integer.valueOf(info.get("parcels")) : null,
                info.get("as_of"));
    return new MapConfig(
        properties.basemapUrl(),
        properties.basemapAttribution(),
        properties.allBasemaps().stream()
            .map(
                b ->
                    new BasemapInfo(
                        b.name(), b.tileUrl(), b.attribution(), b.subdomainList(), b.maxZoom()))
            .toList(),
        List.of(properties.centerLat(), properties.centerLon()),
        properties.zoom(),
        dataset);
  }

  @GetMapping("/api/features")
  @Operation(summary = "The features of the given layers (all if none given) covering a point")
  FeaturesAtPoint featuresAt(
      @Parameter(description = "longitude, degrees (CGCS2000)", example = "113.05") @RequestParam
          double lon,
      @Parameter(description = "latitude, degrees (CGCS2000)", example = "23.05") @RequestParam
          double lat,
      @Parameter(description = "comma-separated layer ids") @RequestParam(required = false)
          List<String> layers) {
    if (!(lon >= -180 && lon <= 180 && lat >= -90 && lat <= 90)) {
      throw ApiException.badRequest(
          "invalid-coordinates", "lon must be in [-180, 180] and lat in [-90, 90], degrees");
    }
    List<FeatureLayer> wanted =
        new ArrayList<>(
            layers == null || layers.isEmpty()
                ? catalog.all()
                : catalog.select(layers.stream().map(String::trim).toList()));
    Collections.reverse(wanted); // top layer first, whatever the order asked
    List<FeatureAtPoint> found = new ArrayList<>();
    for (FeatureLayer layer : wanted) {
      jdbc.sql(atPoint.sql("features", layer.featuresSql()).sql())
          .param("lon", lon)
          .param("lat", lat)
          .query(
              (rs, row) ->
                  new FeatureAtPoint(
                      layer.id(),
                      layer.name(),
                      layer.nameEn(),
                      rs.getString("id"),
                      rs.getString("properties")))
          .list()
          .forEach(found::add);
    }
    return new FeaturesAtPoint(lon, lat, found);
  }
}
