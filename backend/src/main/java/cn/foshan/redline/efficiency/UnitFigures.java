package cn.foshan.redline.efficiency;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The indicators of a unit (city, district, town, cluster, industry), an enterprise or a parcel as
 * the API shows them, and how they are read from a row of {@code unit_efficiency}, of the
 * enterprises' query or of the planner's parcel items.
 */
final class UnitFigures {

  private UnitFigures() {}

  record Grades(int A, int B, int C, int D, int ungraded) {}

  record Unit(
      String code,
      String name,
      double areaMu,
      int enterprises,
      int parcels,
      Double taxPerMu,
      Double outputPerMu,
      Double valueAddedPerMu,
      Double investmentPerMu,
      Double valueAddedPerEnergy,
      Double labourProductivity,
      Double rdShare,
      Grades grades,
      String grade,
      Double score) {}

  /**
   * The units of a level; figureScope: the scope the enterprise and parcel levels were read in
   * (null for the aggregate levels, readable by every role).
   */
  record Units(
      int year,
      String level,
      Long total,
      List<Unit> units,
      @com.fasterxml.jackson.annotation.JsonInclude(
              com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
          Map<String, Object> figureScope) {}

  /** A nullable number of a row. */
  static Double value(ResultSet rs, String column) throws SQLException {
    double v = rs.getDouble(column);
    return rs.wasNull() ? null : v;
  }

  /** A unit of {@code unit_efficiency}, with its grade counts. */
  static Unit unit(ResultSet rs) throws SQLException {
    return figures(
        rs,
        rs.getInt("enterprises"),
        new Grades(
            rs.getInt("grades_a"),
            rs.getInt("grades_b"),
            rs.getInt("grades_c"),
            rs.getInt("grades_d"),
            rs.getInt("ungraded")),
        null,
        null);
  }

  /** An enterprise of {@code select_enterprises.sql}, with its grade. */
  static Unit enterprise(ResultSet rs) throws SQLException {
    String grade = rs.getString("grade");
    return figures(rs, 1, gradeOf(grade), grade, value(rs, "score"));
  }

  private static Unit figures(
      ResultSet rs, int enterprises, Grades grades, String grade, Double score)
      throws SQLException {
    return new Unit(
        rs.getString("code"),
        rs.getString("name"),
        rs.getDouble("area_mu"),
        enterprises,
        rs.getInt("parcels"),
        value(rs, "tax_per_mu"),
        value(rs, "output_per_mu"),
        value(rs, "value_added_per_mu"),
        value(rs, "investment_per_mu"),
        value(rs, "value_added_per_energy"),
        value(rs, "labour_productivity"),
        value(rs, "rd_share"),
        grades,
        grade,
        score);
  }

  /** A parcel of the planner's query (its item as the API shows it), with its grade. */
  static Unit parcel(JsonNode i) {
    String grade = i.get("grade").isNull() ? null : i.get("grade").asString();
    return new Unit(
        i.get("code").asString(),
        i.get("code").asString(),
        i.get("areaMu").asDouble(),
        i.get("enterprises").asInt(),
        1,
        number(i, "taxPerMu"),
        number(i, "outputPerMu"),
        number(i, "valueAddedPerMu"),
        number(i, "investmentPerMu"),
        number(i, "valueAddedPerEnergy"),
        number(i, "labourProductivity"),
        number(i, "rdShare"),
        gradeOf(grade),
        grade,
        number(i, "score"));
  }

  private static Double number(JsonNode item, String field) {
    JsonNode v = item.get(field);
    return v == null || v.isNull() ? null : v.asDouble();
  }

  private static Grades gradeOf(String grade) {
    return new Grades(
        "A".equals(grade) ? 1 : 0,
        "B".equals(grade) ? 1 : 0,
        "C".equals(grade) ? 1 : 0,
        "D".equals(grade) ? 1 : 0,
        grade == null ? 1 : 0);
  }
}
