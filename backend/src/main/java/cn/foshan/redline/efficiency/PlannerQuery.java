package cn.foshan.redline.efficiency;

import cn.foshan.redline.district.DistrictCodes;
import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.SqlTemplate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.locationtech.jts.geom.Geometry;
import org.locationtech.jts.io.ParseException;
import org.locationtech.jts.io.geojson.GeoJsonReader;

/**
 * The planner's filters (endpoint 3, and the parcel and enterprise levels of endpoint 1) turned
 * into SQL conditions: each condition is a fixed fragment, columns come from {@link Indicator},
 * every value is bound.
 */
final class PlannerQuery {

  static final Set<String> BREACH_KINDS =
      Set.of(
          "LATE_START",
          "LATE_COMPLETION",
          "LATE_PRODUCTION",
          "IDLE",
          "SHORTFALL_TAX",
          "SHORTFALL_OUTPUT",
          "SHORTFALL_INVESTMENT",
          "MISSING_DATA");

  final List<String> conditions = new ArrayList<>();
  final Map<String, Object> params = new HashMap<>();

  private PlannerQuery() {}

  /**
   * The conditions of a request; {@code subject} is {@code parcel} (aliases p, pe, pg, pb) or
   * {@code enterprise} (aliases e, ee, eg); a district is one of the {@code districts}.
   */
  static PlannerQuery of(String subject, Map<String, String> request, DistrictCodes districts) {
    PlannerQuery q = new PlannerQuery();
    boolean parcel = subject.equals("parcel");
    String district = districts.check(request.get("district"), " (or left out)");
    if (district != null) {
      q.add(
          parcel ? "p.district_code = :district" : "ee.district_code = :district",
          "district",
          district);
    }
    String cluster = blank(request.get("cluster"));
    if (cluster != null) {
      q.add(
          parcel
              ? "p.cluster_id = :cluster"
              : "EXISTS (SELECT 1 FROM parcel_enterprise l JOIN parcel lp ON lp.id = l.parcel_id"
                  + " WHERE l.enterprise_id = ee.enterprise_id AND lp.cluster_id = :cluster)",
          "cluster",
          number("cluster", cluster));
    }
    String town = blank(request.get("town"));
    if (town != null) {
      q.add(parcel ? "p.town_code = :town" : "e.town_code = :town", "town", town);
    }
    String industry = blank(request.get("industry"));
    if (industry != null) {
      q.add(
          parcel ? "pe.industry_code IN (:industries)" : "ee.industry_code IN (:industries)",
          "industries",
          List.of(industry.split(",", -1)));
    }
    String grade = blank(request.get("grade"));
    if (grade != null) {
      List<String> grades = List.of(grade.split(",", -1));
      for (String g : grades) {
        if (!g.matches("[ABCD]")) {
          throw ApiException.badRequest("invalid-parameter", "grade is a list of A, B, C, D");
        }
      }
      q.add(parcel ? "pg.grade IN (:grades)" : "eg.grade IN (:grades)", "grades", grades);
    }
    String breach = blank(request.get("breach"));
    if (breach != null) {
      if (!BREACH_KINDS.contains(breach)) {
        throw ApiException.badRequest("invalid-parameter", "breach must be one of " + BREACH_KINDS);
      }
      q.add(
          parcel
              ? "pb.kinds @> ARRAY[CAST(:breach AS text)]"
              : "EXISTS (SELECT 1 FROM parcel_enterprise l JOIN parcel_breach lb ON lb.parcel_id = l.parcel_id"
                  + " AND lb.year = ee.year WHERE l.enterprise_id = ee.enterprise_id"
                  + " AND lb.kinds @> ARRAY[CAST(:breach AS text)])",
          "breach",
          breach);
    }
    for (Map.Entry<String, String> e : request.entrySet()) {
      String key = e.getKey();
      if (!key.startsWith("min.") && !key.startsWith("max.")) {
        continue;
      }
      Indicator i = Indicator.of(key.substring(4));
      String value = blank(e.getValue());
      if (value == null) {
        continue;
      }
      String name = key.replace('.', '_');
      q.add(
          (parcel ? "pe." : "ee.") + i.column + (key.startsWith("min.") ? " >= :" : " <= :") + name,
          name,
          decimal(key, value));
    }
    // a threshold needs the parcel's figures: the place is then also the figures' own (indexed by
    // year and place), which keeps the planner off a city-wide range of the threshold's index
    if (parcel && q.conditions.stream().anyMatch(c -> c.startsWith("pe.") && c.contains(" :m"))) {
      if (cluster != null) {
        q.conditions.add("pe.cluster_id = :cluster");
      }
      if (district != null) {
        q.conditions.add("pe.district_code = :district");
      }
    }
    String polygon = blank(request.get("polygon"));
    if (polygon != null) {
      q.add(
          parcel
              ? "ST_Intersects(p.geom, ST_GeomFromText(:polygon, 4490))"
              : "EXISTS (SELECT 1 FROM parcel_enterprise l JOIN parcel lp ON lp.id = l.parcel_id"
                  + " WHERE l.enterprise_id = ee.enterprise_id"
                  + " AND ST_Intersects(lp.geom, ST_GeomFromText(:polygon, 4490)))",
          "polygon",
          polygonWkt(polygon));
    }
    return q;
  }

  private void add(String condition, String name, Object value) {
    conditions.add(condition);
    params.put(name, value);
  }

  /** The conditions, each after AND, for the slot {@code conditions} of a statement. */
  String where() {
    StringBuilder b = new StringBuilder();
    for (String c : conditions) {
      b.append(" AND ").append(c);
    }
    return b.toString();
  }

  /** A statement of the query: its slot {@code conditions} filled. */
  String sql(SqlTemplate template) {
    return template.sql("conditions", where()).sql();
  }

  /** A statement of the query: its slots {@code conditions} and {@code order} filled. */
  String sql(SqlTemplate template, String orderBy) {
    return template.sql("conditions", where()).sql("order", orderBy).sql();
  }

  Map<String, Object> params(Map<String, Object> more) {
    Map<String, Object> all = new LinkedHashMap<>(params);
    all.putAll(more);
    return all;
  }

  /** The ORDER BY of the parcel query: an indicator, areaMu or code; ties by id. */
  static String parcelOrder(String sort, String order) {
    String direction;
    if (order == null || order.isBlank() || order.equals("asc")) {
      direction = " ASC";
    } else if (order.equals("desc")) {
      direction = " DESC";
    } else {
      throw ApiException.badRequest("invalid-parameter", "order must be asc or desc");
    }
    if (sort == null || sort.isBlank() || sort.equals("code")) {
      return "p.code" + direction;
    }
    if (sort.equals("areaMu")) {
      return "p.area_m2" + direction + ", p.id";
    }
    return "pe." + Indicator.of(sort).column + direction + " NULLS LAST, p.id";
  }

  /** The most points of a drawn query polygon. */
  static final int MAX_POLYGON_POINTS = 10_000;

  private static String polygonWkt(String geojson) {
    Geometry g;
    try {
      g = new GeoJsonReader().read(geojson);
    } catch (ParseException | RuntimeException e) {
      throw ApiException.badRequest(
          "invalid-polygon",
          "polygon must be a GeoJSON Polygon or MultiPolygon geometry (lon/lat, EPSG:4490): "
              + e.getMessage());
    }
    if (!(g.getGeometryType().equals("Polygon") || g.getGeometryType().equals("MultiPolygon"))) {
      throw ApiException.badRequest(
          "invalid-polygon",
          "polygon must be a Polygon or MultiPolygon, not a " + g.getGeometryType());
    }
    if (g.getNumPoints() > MAX_POLYGON_POINTS) {
      throw ApiException.badRequest(
          "invalid-polygon",
          "多边形最多 "
              + MAX_POLYGON_POINTS
              + " 个顶点（the polygon has more than "
              + MAX_POLYGON_POINTS
              + " vertices）");
    }
    if (!g.isValid() || g.isEmpty()) {
      throw ApiException.badRequest(
          "invalid-polygon", "the polygon is not valid (a ring crosses itself or is not closed)");
    }
    var env = g.getEnvelopeInternal();
    if (env.getMinX() < 73 || env.getMaxX() > 136 || env.getMinY() < 3 || env.getMaxY() > 54) {
      throw ApiException.badRequest(
          "invalid-polygon", "the polygon is not in lon/lat degrees of China (EPSG:4490)");
    }
    return g.toText();
  }

  static String blank(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }

  static long number(String name, String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid-parameter", name + " must be a whole number");
    }
  }

  static double decimal(String name, String value) {
    try {
      double d = Double.parseDouble(value);
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new NumberFormatException();
      }
      return d;
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("invalid-parameter", name + " must be a number");
    }
  }
}
