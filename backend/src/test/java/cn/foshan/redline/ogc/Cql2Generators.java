package cn.foshan.redline.ogc;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Generated CQL2 filters for property-based tests: well-formed ones over the parcel layer's
 * queryables (and names that are not), mutated ones (characters cut, hostile tokens put in), and
 * plain random text and JSON; literals hold quotes, comments, semicolons, NULs, unicode, huge and
 * tiny numbers, impossible dates.
 */
public final class Cql2Generators {

  private Cql2Generators() {}

  static final List<String> PROPERTIES =
      List.of(
          "district",
          "code",
          "areaMu",
          "clusterId",
          "grantedOn",
          "updatedAt",
          "floorAreaM2",
          "geometry",
          "colour",
          "\"areaMu\"",
          "\"x'; DROP TABLE parcel; --\"",
          "properties",
          "f.geom",
          "id");

  static final List<String> HOSTILE =
      List.of(
          "'",
          "''",
          "\"",
          "(",
          ")",
          ";",
          "--",
          "/*",
          "*/",
          "\u0000",
          "\\",
          "NOT",
          "AND",
          "OR",
          "1e308",
          "1e999999",
          "-0",
          "S_INTERSECTS(",
          "POLYGON((",
          "BBOX(",
          ",",
          "DATE('",
          "); DROP TABLE parcel; --",
          "𠮷",
          "佛山",
          "\uD800",
          " ",
          "=",
          "<>",
          "%",
          "_",
          "IN (",
          "BETWEEN",
          "IS NULL",
          "{\"op\":",
          "]",
          "[");

  static Arbitrary<String> stringLiteral() {
    Arbitrary<String> nasty =
        Arbitraries.strings()
            .withCharRange('\u0000', '\u00ff')
            .withChars("'\";-/*\\%_佛山𠮷")
            .ofMaxLength(30);
    return Arbitraries.oneOf(nasty, Arbitraries.of("440605", "440604", "RL-1", "", "a'b"))
        .map(s -> "'" + s.replace("'", "''") + "'");
  }

  static Arbitrary<String> number() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(-1000, 100000).map(String::valueOf),
        Arbitraries.doubles().map(d -> Double.toString(d)),
        Arbitraries.of(
            "1e308", "1e-400", "99999999999999999999999999999999999999999999", "-0", "0.5"));
  }

  static Arbitrary<String> literal() {
    return Arbitraries.oneOf(
        stringLiteral(),
        number(),
        Arbitraries.of("TRUE", "FALSE"),
        Arbitraries.of(
            "DATE('2024-01-01')",
            "DATE('2024-13-40')",
            "DATE('-999999999-01-01')",
            "DATE('+999999999-12-31')",
            "TIMESTAMP('2024-01-01T00:00:00Z')",
            "TIMESTAMP('0001-01-01T00:00:00+18:00')",
            "TIMESTAMP('x')"));
  }

  static Arbitrary<String> geometry() {
    Arbitrary<Double> lon = Arbitraries.doubles().between(-200, 200);
    Arbitrary<Double> lat = Arbitraries.doubles().between(-100, 100);
    Arbitrary<String> point = Combinators.combine(lon, lat).as((x, y) -> x + " " + y);
    return Arbitraries.oneOf(
        point.map(p -> "POINT(" + p + ")"),
        Combinators.combine(lon, lat, lon, lat)
            .as((a, b, c, d) -> "BBOX(" + a + "," + b + "," + c + "," + d + ")"),
        point
            .list()
            .ofMinSize(0)
            .ofMaxSize(6)
            .map(ps -> "POLYGON((" + String.join(", ", ps) + "))"),
        point
            .list()
            .ofMinSize(0)
            .ofMaxSize(4)
            .map(ps -> "LINESTRING(" + String.join(", ", ps) + ")"),
        Arbitraries.of(
            "POLYGON((113 23, 113.1 23, 113.1 23.1, 113 23.1, 113 23))",
            "POLYGON((113 23, 114 24, 114 23, 113 24, 113 23))",
            "GEOMETRYCOLLECTION(POINT(113 23), LINESTRING(113 23, 114 24))",
            "MULTIPOINT((113 23), (113.1 23.1))",
            "POINT(1e308 1e308)",
            "geometry",
            "POINT EMPTY"));
  }

  static Arbitrary<String> predicate() {
    Arbitrary<String> property = Arbitraries.of(PROPERTIES);
    Arbitrary<String> op = Arbitraries.of("=", "<>", "<", ">", "<=", ">=");
    return Arbitraries.oneOf(
        Combinators.combine(property, op, literal()).as((p, o, l) -> p + " " + o + " " + l),
        Combinators.combine(property, op, property).as((p, o, r) -> p + " " + o + " " + r),
        Combinators.combine(property, stringLiteral()).as((p, l) -> p + " LIKE " + l),
        Combinators.combine(property, literal(), literal())
            .as((p, a, b) -> p + " NOT BETWEEN " + a + " AND " + b),
        Combinators.combine(property, literal().list().ofMinSize(0).ofMaxSize(4))
            .as((p, l) -> p + " IN (" + String.join(", ", l) + ")"),
        property.map(p -> p + " IS NOT NULL"),
        Combinators.combine(
                Arbitraries.of(
                    "S_INTERSECTS",
                    "S_WITHIN",
                    "S_CONTAINS",
                    "S_DISJOINT",
                    "s_equals",
                    "S_TOUCHES",
                    "S_CROSSES",
                    "S_OVERLAPS"),
                geometry(),
                geometry())
            .as((f, a, b) -> f + "(" + a + ", " + b + ")"),
        Arbitraries.of("TRUE", "FALSE"));
  }

  /**
   * Well-formed (mostly) filters, nested up to 40 levels: a list of predicates folded together in
   * Java (AND, OR, NOT), so that generating stays linear in the depth.
   */
  public static Arbitrary<String> filter() {
    return Combinators.combine(
            predicate().list().ofMinSize(1).ofMaxSize(41),
            Arbitraries.integers().between(0, 2).list().ofSize(41))
        .as(
            (predicates, joins) -> {
              String f = predicates.get(0);
              for (int i = 1; i < predicates.size(); i++) {
                f =
                    switch (joins.get(i)) {
                      case 0 -> "(" + f + ") AND " + predicates.get(i);
                      case 1 -> predicates.get(i) + " OR (" + f + ")";
                      default -> "NOT (" + f + ")";
                    };
              }
              return f;
            });
  }

  /** A filter with characters cut out or hostile tokens put in, at random places. */
  public static Arbitrary<String> mutated() {
    return Combinators.combine(
            filter(),
            Arbitraries.of(HOSTILE),
            Arbitraries.integers().between(0, 10_000),
            Arbitraries.integers().between(0, 5),
            Arbitraries.of(true, false))
        .as(
            (f, token, at, cut, insert) -> {
              int i = f.isEmpty() ? 0 : at % (f.length() + 1);
              return insert
                  ? f.substring(0, i) + token + f.substring(i)
                  : f.substring(0, i) + f.substring(Math.min(f.length(), i + cut));
            });
  }

  /** CQL2 JSON, well-formed or not. */
  public static Arbitrary<String> json() {
    Arbitrary<String> value =
        Arbitraries.oneOf(
            Arbitraries.of(PROPERTIES)
                .map(p -> "{\"property\":\"" + p.replace("\"", "\\\"") + "\"}"),
            stringLiteral().map(s -> "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\""),
            number(),
            Arbitraries.of(
                "true",
                "null",
                "{\"date\":\"2024-01-01\"}",
                "{\"timestamp\":\"1e9\"}",
                "{\"bbox\":[113,23,113.1,23.1]}",
                "{\"type\":\"Point\",\"coordinates\":[113,23]}",
                "{\"type\":\"Polygon\",\"coordinates\":[[[113,23],[114,23],[113,24]]]}",
                "[]",
                "{}"));
    Arbitrary<String> op =
        Arbitraries.of(
            "=",
            "<>",
            "<",
            "like",
            "between",
            "in",
            "isNull",
            "s_intersects",
            "s_within",
            "not",
            "and",
            "or",
            "drop");
    Arbitrary<String> leaf =
        Combinators.combine(op, value.list().ofMinSize(0).ofMaxSize(3))
            .as((o, args) -> "{\"op\":\"" + o + "\",\"args\":[" + String.join(",", args) + "]}");
    return Combinators.combine(
            leaf.list().ofMinSize(1).ofMaxSize(41),
            Arbitraries.of("and", "or", "not").list().ofSize(41))
        .as(
            (leaves, ops) -> {
              String f = leaves.get(0);
              for (int i = 1; i < leaves.size(); i++) {
                String o = ops.get(i);
                f =
                    "{\"op\":\""
                        + o
                        + "\",\"args\":["
                        + f
                        + (o.equals("not") ? "" : "," + leaves.get(i))
                        + "]}";
              }
              return f;
            });
  }
}
