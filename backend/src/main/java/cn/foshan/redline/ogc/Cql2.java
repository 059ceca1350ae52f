package cn.foshan.redline.ogc;

import cn.foshan.redline.system.ApiException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import org.locationtech.jts.geom.Envelope;
import org.locationtech.jts.geom.Geometry;

/**
 * A CQL2 filter (OGC 21-065) as a tree, the same whether it came as text or as JSON: the parsers
 * ({@link Cql2Text}, {@link Cql2Json}) build it within {@link Limits}, {@link Cql2Sql} turns it
 * into SQL. Nothing in it is SQL; literals are values, property names are names still to be checked
 * against the collection's queryables.
 */
final class Cql2 {

  private Cql2() {}

  /** The bounds every filter stays within, or is refused (400) before any SQL is made. */
  static final class Limits {
    static final int MAX_TEXT = 10_000;
    static final int MAX_DEPTH = 32;
    static final int MAX_NODES = 500;
    static final int MAX_LITERAL = 1_000;
    static final int MAX_COORDINATES = 10_000;
    static final int MAX_NUMBER_DIGITS = 40;

    private int nodes;
    private int coordinates;

    /** Counts one more node at this depth; 400 beyond the limits. */
    void node(int depth) {
      if (depth > MAX_DEPTH) {
        throw invalid("the filter is nested deeper than " + MAX_DEPTH + " levels");
      }
      if (++nodes > MAX_NODES) {
        throw invalid("the filter has more than " + MAX_NODES + " terms");
      }
    }

    void coordinates(int count) {
      coordinates += count;
      if (coordinates > MAX_COORDINATES) {
        throw invalid("the filter's geometries have more than " + MAX_COORDINATES + " points");
      }
    }

    static String literal(String text) {
      if (text.length() > MAX_LITERAL) {
        throw invalid("a literal of the filter is longer than " + MAX_LITERAL + " characters");
      }
      if (text.indexOf('\u0000') >= 0) {
        throw invalid("a literal of the filter holds a NUL character");
      }
      return text;
    }

    static BigDecimal number(String text) {
      BigDecimal value;
      try {
        value = new BigDecimal(text);
      } catch (NumberFormatException | ArithmeticException e) {
        throw invalid("'" + shorten(text) + "' is not a number");
      }
      if (value.precision() > MAX_NUMBER_DIGITS
          || Math.abs((long) value.precision() - value.scale()) > MAX_NUMBER_DIGITS
          || Math.abs((long) value.scale()) > MAX_NUMBER_DIGITS) {
        throw invalid("the number " + shorten(text) + " is too large or too precise");
      }
      return value;
    }
  }

  static ApiException invalid(String detail) {
    return ApiException.badRequest("invalid-filter", "Invalid filter: " + detail);
  }

  static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  /** A node of the tree: a boolean expression or a scalar, a property, a geometry. */
  sealed interface Node
      permits Property,
          Text,
          Numeric,
          Bool,
          Date,
          Timestamp,
          Shape,
          Comparison,
          Like,
          Between,
          In,
          IsNull,
          And,
          Or,
          Not,
          Spatial {}

  record Property(String name) implements Node {}

  record Text(String value) implements Node {}

  record Numeric(BigDecimal value) implements Node {}

  /** TRUE or FALSE, as a value or as a whole predicate. */
  record Bool(boolean value) implements Node {}

  record Date(LocalDate value) implements Node {}

  record Timestamp(OffsetDateTime value) implements Node {}

  /** A geometry literal (WKT, GeoJSON or BBOX) as given, axes in the filter CRS's order. */
  record Shape(Geometry geometry) implements Node {

    /**
     * The box of a BBOX's numbers: {@code count} of them (4, or 6 with heights), the lower corner
     * then the upper one, taken in either order.
     */
    static Shape box(double[] v, int count) {
      int half = count / 2;
      return new Shape(
          OgcGeometries.FACTORY.toGeometry(
              new Envelope(
                  Math.min(v[0], v[half]),
                  Math.max(v[0], v[half]),
                  Math.min(v[1], v[half + 1]),
                  Math.max(v[1], v[half + 1]))));
    }
  }

  /** {@code =, <>, <, >, <=, >=}. */
  record Comparison(String op, Node left, Node right) implements Node {}

  record Like(Node value, Node pattern, boolean not) implements Node {}

  record Between(Node value, Node low, Node high, boolean not) implements Node {}

  record In(Node value, List<Node> list, boolean not) implements Node {}

  record IsNull(Node value, boolean not) implements Node {}

  record And(List<Node> terms) implements Node {}

  record Or(List<Node> terms) implements Node {}

  record Not(Node term) implements Node {}

  /** {@code s_intersects} and its kin, lower case. */
  record Spatial(String op, Node left, Node right) implements Node {}

  /** The spatial functions understood, CQL2 name → PostGIS predicate. */
  static final java.util.Map<String, String> SPATIAL =
      java.util.Map.of(
          "s_intersects", "ST_Intersects",
          "s_disjoint", "NOT ST_Intersects",
          "s_contains", "ST_Contains",
          "s_within", "ST_Within",
          "s_touches", "ST_Touches",
          "s_overlaps", "ST_Overlaps",
          "s_crosses", "ST_Crosses",
          "s_equals", "ST_Equals");

  static final List<String> COMPARISONS = List.of("=", "<>", "<", ">", "<=", ">=");

  /** A date as CQL2 writes it (also with a trailing T, as GDAL's OAPIF driver sends dates). */
  static LocalDate date(String text) {
    String t = text.endsWith("T") ? text.substring(0, text.length() - 1) : text;
    LocalDate date;
    try {
      date = LocalDate.parse(t);
    } catch (java.time.format.DateTimeParseException e) {
      throw invalid("'" + shorten(text) + "' is not a date (YYYY-MM-DD)");
    }
    return cn.foshan.redline.system.Times.checked(
        date, "invalid-filter", "DATE('" + shorten(text) + "')");
  }

  /**
   * An RFC 3339 instant, within the years 1 to 9999 and offsets of ±15:59 ({@link
   * cn.foshan.redline.system.Times}); a date alone means its start in UTC.
   */
  static OffsetDateTime timestamp(String text) {
    try {
      return cn.foshan.redline.system.Times.checked(
          OffsetDateTime.parse(text), "invalid-filter", "TIMESTAMP('" + shorten(text) + "')");
    } catch (java.time.format.DateTimeParseException e) {
      if (text.length() <= 11) {
        return date(text).atStartOfDay().atOffset(java.time.ZoneOffset.UTC);
      }
      throw invalid(
          "'" + shorten(text) + "' is not an RFC 3339 timestamp (e.g. 2024-01-31T08:00:00Z)");
    }
  }
}
