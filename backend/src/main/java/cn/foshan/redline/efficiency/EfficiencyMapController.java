package cn.foshan.redline.efficiency;

import cn.foshan.redline.security.FigureScope;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.ReadRouting;
import cn.foshan.redline.system.SqlFiles;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.StreamingResponseBody;

/** One indicator over space and over its values: the choropleth and the distribution. */
@RestController
@RequestMapping("/api/efficiency")
@Tag(name = "Efficiency")
class EfficiencyMapController {

  private static final int MAX_MAP_PARCELS = 20_000;

  private final JdbcClient jdbc;
  private final EfficiencyYears years;
  private final Export export;
  private final FigureScope figures;
  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "select_map",
          "select_map_parcels",
          "count_map_parcels",
          "select_distribution",
          "select_kept_distribution");

  EfficiencyMapController(
      ReadRouting reads, EfficiencyYears years, Export export, FigureScope figures) {
    this.figures = figures;
    this.jdbc = reads.mayLag(); // reads that may lag: a replica when one is fit
    this.years = years;
    this.export = export;
  }

  @GetMapping(value = "/map", produces = "application/geo+json")
  @Operation(
      summary =
          "A choropleth of one indicator: districts, clusters, or parcels in a bbox"
              + " (minLon,minLat,maxLon,maxLat; required, at most 20,000 parcels) as GeoJSON with"
              + " properties code, name, value (and grade for parcels); parcels: those whose figures"
              + " the role reads (its own district's when that is its scope; 403 when none)")
  ResponseEntity<StreamingResponseBody> map(
      @RequestParam(defaultValue = "district") String level,
      @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "taxPerMu") String indicator,
      @RequestParam(required = false) String bbox) {
    Indicator i = Indicator.of(indicator);
    int y = years.year(year);
    if (level.equals("district") || level.equals("cluster")) {
      i.ofUnits();
      String body =
          jdbc.sql(sql.get("select_map"))
              .param("year", y)
              .param("level", level)
              .param("indicator", i.key)
              .query(String.class)
              .single();
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      return ResponseEntity.ok()
          .contentType(MediaType.parseMediaType("application/geo+json"))
          .body(out -> out.write(bytes));
    }
    if (!level.equals("parcel")) {
      throw ApiException.badRequest(
          "invalid-parameter", "level must be district, cluster or parcel");
    }
    // the parcels whose figures the role reads (its own district's: the database keeps to them)
    figures.some();
    double[] b = bbox(bbox);
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("year", y);
    params.put("model", years.activeModel(y));
    params.put("indicator", i.key);
    params.put("west", b[0]);
    params.put("south", b[1]);
    params.put("east", b[2]);
    params.put("north", b[3]);
    params.put("limit", MAX_MAP_PARCELS);
    long count = jdbc.sql(sql.get("count_map_parcels")).params(params).query(Long.class).single();
    if (count > MAX_MAP_PARCELS) {
      throw ApiException.badRequest(
          "zoom-in",
          "The box holds "
              + count
              + " parcels, more than "
              + MAX_MAP_PARCELS
              + ": zoom in, or use the cluster or district level");
    }
    return export.respond(
        "geojson", "map", sql.get("select_map_parcels"), params, List.of(), count, Map.of());
  }

  /** The bbox of the parcel map: minLon,minLat,maxLon,maxLat, required. */
  private static double[] bbox(String bbox) {
    if (bbox == null || bbox.isBlank()) {
      throw ApiException.badRequest(
          "bbox-required", "The parcel map needs a bbox=minLon,minLat,maxLon,maxLat");
    }
    String[] parts = bbox.split(",", -1);
    if (parts.length != 4) {
      throw ApiException.badRequest("invalid-bbox", "bbox is minLon,minLat,maxLon,maxLat");
    }
    double[] b = new double[4];
    for (int k = 0; k < 4; k++) {
      b[k] = PlannerQuery.decimal("bbox", parts[k]);
    }
    if (b[0] >= b[2] || b[1] >= b[3]) {
      throw ApiException.badRequest(
          "invalid-bbox", "bbox is minLon,minLat,maxLon,maxLat, min < max");
    }
    return b;
  }

  record Bin(double from, double to, long count) {}

  record Distribution(
      int year, String level, String indicator, List<Bin> bins, Map<String, Object> figureScope) {}

  @GetMapping("/distribution")
  @Operation(
      summary =
          "The distribution of an indicator over the parcels or enterprises of a year (of a district"
              + " or cluster): equal bins from the least to the greatest value, computed in SQL; a role"
              + " reading only its own district's figures gets its district's (figureScope), 403"
              + " for another district or for a role reading none")
  Distribution distribution(
      @RequestParam(defaultValue = "parcel") String level,
      @RequestParam(defaultValue = "taxPerMu") String indicator,
      @RequestParam(required = false) Integer year,
      @RequestParam(defaultValue = "20") int bins,
      @RequestParam(required = false) String district,
      @RequestParam(required = false) Long cluster) {
    Indicator i = Indicator.of(indicator);
    int y = years.year(year);
    if (!level.equals("parcel") && !level.equals("enterprise")) {
      throw ApiException.badRequest("invalid-parameter", "level must be parcel or enterprise");
    }
    if (bins < 1 || bins > 200) {
      throw ApiException.badRequest("invalid-parameter", "bins must be 1 to 200");
    }
    // over the role's scope: a role reading its own district's figures gets its district's
    FigureScope.Scope scope = figures.some();
    String d = figures.district(scope, PlannerQuery.blank(district));
    // kept by the recompute (V37) for the city, a district or a cluster; the scope's district first
    List<Bin> kept = kept(level, i, y, bins, d, cluster);
    if (kept != null) {
      return new Distribution(y, level, i.key, kept, scope.describe());
    }
    List<Bin> result =
        jdbc.sql(sql.get("select_distribution"))
            .param("level", level)
            .param("indicator", i.key)
            .param("year", y)
            .param("bins", bins)
            .param("district", d)
            .param("cluster", cluster)
            .query(
                (rs, n) ->
                    new Bin(rs.getDouble("lower"), rs.getDouble("upper"), rs.getLong("count")))
            .list();
    return new Distribution(y, level, i.key, result, scope.describe());
  }

  /** The bins the page asks for (V37: 20, the indicators of units). */
  private static final int KEPT_BINS = 20;

  /** The indicators V37 keeps (those of units, which the chart offers). */
  private static final java.util.Set<String> KEPT_INDICATORS =
      java.util.Set.of(
          "taxPerMu",
          "outputPerMu",
          "valueAddedPerMu",
          "investmentPerMu",
          "valueAddedPerEnergy",
          "labourProductivity",
          "rdShare");

  /**
   * The distribution as the recompute kept it (V37), or null when it is not kept: another number of
   * bins, an indicator not of units, enterprises of a cluster (those with land in it now), a
   * district and a cluster at once, or a year whose figures were written since its recompute.
   */
  private List<Bin> kept(
      String level, Indicator i, int year, int bins, String district, Long cluster) {
    if (bins != KEPT_BINS
        || !KEPT_INDICATORS.contains(i.key)
        || (district != null && cluster != null)
        || (cluster != null && !level.equals("parcel"))) {
      return null;
    }
    String scope = district != null ? "district" : cluster != null ? "cluster" : "city";
    String code = district != null ? district : cluster != null ? cluster.toString() : "";
    List<Bin> bins20 = new java.util.ArrayList<>();
    boolean[] isKept = {false};
    jdbc.sql(sql.get("select_kept_distribution"))
        .param("year", year)
        .param("level", level)
        .param("indicator", i.key)
        .param("scope", scope)
        .param("code", code)
        .param("bins", bins)
        .query(
            (java.sql.ResultSet rs) -> {
              isKept[0] = rs.getBoolean("kept");
              rs.getInt("bin");
              if (!rs.wasNull()) {
                bins20.add(
                    new Bin(rs.getDouble("lower"), rs.getDouble("upper"), rs.getLong("count")));
              }
            });
    return isKept[0] ? bins20 : null;
  }
}
