package cn.foshan.redline.maps;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlTemplate;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a printed drawing (图件, print.html) lists and outlines: the selected features with their
 * ellipsoidal areas, computed as everywhere in the system (ST_Area on the geography).
 */
@RestController
@Tag(name = "Print", description = "The selected features of a printed drawing 图件")
class PrintController {

  /** The most features one drawing's table lists. */
  static final int MAX_FEATURES = 50;

  private static final Pattern ID = Pattern.compile("([a-z_]{1,40}):([0-9]{1,18})");

  private final LayerCatalog catalog;
  private final JdbcClient jdbc;
  private final SqlTemplate byIds = SqlTemplate.load("maps/select_print_features.sql", "features");

  PrintController(LayerCatalog catalog, JdbcClient jdbc) {
    this.catalog = catalog;
    this.jdbc = jdbc;
  }

  /**
   * A selected feature: its layer (id and names), id, code and name (null where the layer has
   * none), ellipsoidal area in m² and 亩 (0.0015 亩 per m², 2 decimals), and its shape as GeoJSON in
   * EPSG:4490.
   */
  record PrintFeature(
      String layer,
      String layerName,
      String layerNameEn,
      String id,
      String code,
      String name,
      BigDecimal areaM2,
      BigDecimal areaMu,
      @JsonRawValue String geometry) {}

  @GetMapping("/api/print/features")
  @Operation(
      summary = "The selected features of a printed drawing, with their ellipsoidal areas",
      description =
          "ids: up to 50 features as layer:id, comma-separated (parcel:12,red_line:3), answered in"
              + " that order. Each with its code, name, area (m² and 亩, on the CGCS2000 ellipsoid)"
              + " and shape (GeoJSON, EPSG:4490). 400 for a malformed id, an unknown layer or more"
              + " than 50; 404 when one of them does not exist.")
  List<PrintFeature> features(
      @Parameter(description = "layer:id, comma-separated, at most 50", example = "parcel:1")
          @RequestParam
          String ids) {
    Map<FeatureLayer, Set<Long>> wanted = new LinkedHashMap<>();
    Set<String> order = new LinkedHashSet<>();
    for (String item : ids.split(",", -1)) {
      String trimmed = item.trim();
      Matcher m = ID.matcher(trimmed);
      if (!m.matches()) {
        throw ApiException.badRequest(
            "invalid-feature-id",
            "所选要素“"
                + abbreviate(trimmed)
                + "”的写法不对，应为 图层:编号，如 parcel:12（a feature is named layer:id, e.g."
                + " parcel:12）");
      }
      FeatureLayer layer = layer(m.group(1));
      wanted.computeIfAbsent(layer, l -> new LinkedHashSet<>()).add(Long.valueOf(m.group(2)));
      order.add(layer.id() + ":" + Long.valueOf(m.group(2)));
      if (order.size() > MAX_FEATURES) {
        throw ApiException.badRequest(
            "too-many-features",
            "一张图最多列出 "
                + MAX_FEATURES
                + " 个要素，所选超过此数（at most "
                + MAX_FEATURES
                + " features per drawing）");
      }
    }
    Map<String, PrintFeature> found = new LinkedHashMap<>();
    for (Map.Entry<FeatureLayer, Set<Long>> e : wanted.entrySet()) {
      FeatureLayer layer = e.getKey();
      jdbc.sql(byIds.sql("features", layer.featuresSql()).sql())
          .param("ids", List.copyOf(e.getValue()))
          .query(
              (rs, row) ->
                  new PrintFeature(
                      layer.id(),
                      layer.name(),
                      layer.nameEn(),
                      rs.getString("id"),
                      rs.getString("code"),
                      rs.getString("name"),
                      round(rs.getDouble("area_m2")),
                      round(rs.getDouble("area_m2") * 0.0015),
                      rs.getString("geometry")))
          .list()
          .forEach(f -> found.put(f.layer() + ":" + f.id(), f));
    }
    List<PrintFeature> answer = new ArrayList<>();
    for (String key : order) {
      PrintFeature f = found.get(key);
      if (f == null) {
        String[] parts = key.split(":", 2);
        FeatureLayer layer = catalog.get(parts[0]);
        throw ApiException.notFound(
            "unknown-feature",
            "没有编号为 "
                + parts[1]
                + " 的"
                + layer.name()
                + "（或已删除）：请重新选择要素（there is no "
                + layer.nameEn()
                + " with id "
                + parts[1]
                + "）");
      }
      answer.add(f);
    }
    return answer;
  }

  private FeatureLayer layer(String id) {
    return catalog.all().stream()
        .filter(l -> l.id().equals(id))
        .findFirst()
        .orElseThrow(
            () ->
                ApiException.badRequest(
                    "unknown-layer",
                    "没有图层“"
                        + id
                        + "”（there is no layer '"
                        + id
                        + "'）；可选 layers: "
                        + String.join(
                            "、", catalog.all().stream().map(FeatureLayer::name).toList())));
  }

  private static BigDecimal round(double value) {
    return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
  }

  private static String abbreviate(String text) {
    return text.length() <= 40 ? text : text.substring(0, 40) + "…";
  }
}
