package cn.foshan.redline.ogc;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Generated CQL2 filters for the generated-input tests, drawn from a seeded {@link Random} so that
 * a failure is reproduced by its seed: well-formed ones over the parcel layer's queryables (and
 * names that are not), mutated ones (characters cut, hostile tokens put in), hostile text (quotes,
 * comments, semicolons, NULs, lone surrogates, unicode, deep nesting, huge numbers) and CQL2 JSON,
 * well-formed or not. Plain JUnit and {@code java.util.Random}; no property-testing library.
 */
public final class Cql2Generators {

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
          "' OR '1'='1",
          "𠮷",
          "佛山",
          "\uD800",
          "\uDFFF",
          "\uFEFF",
          "\u202E",
          " ",
          "\t\n",
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

  private static final String NASTY_CHARS = "'\";-/*\\%_佛山()=<>,. \u0000\t\n";

  private final Random random;

  /** Draws from {@code new Random(seed)}: the same seed, the same inputs. */
  public Cql2Generators(long seed) {
    this.random = new Random(seed);
  }

  /** {@code count} inputs from {@code generator}, in order. */
  public static List<String> sample(Supplier<String> generator, int count) {
    List<String> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      out.add(generator.get());
    }
    return out;
  }

  int between(int min, int max) {
    return min + random.nextInt(max - min + 1);
  }

  boolean chance(int percent) {
    return random.nextInt(100) < percent;
  }

  <T> T pick(List<T> items) {
    return items.get(random.nextInt(items.size()));
  }

  @SafeVarargs
  private String oneOf(Supplier<String>... choices) {
    return choices[random.nextInt(choices.length)].get();
  }

  private String list(Supplier<String> element, int min, int max, String separator) {
    int n = between(min, max);
    List<String> parts = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      parts.add(element.get());
    }
    return String.join(separator, parts);
  }

  /** Any UTF-16 code unit, NUL and lone surrogates included, up to {@code max} of them. */
  public String anyString(int max) {
    int n = between(0, max);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      switch (random.nextInt(4)) {
        case 0 -> s.append((char) random.nextInt(0x80));
        case 1 -> s.append(NASTY_CHARS.charAt(random.nextInt(NASTY_CHARS.length())));
        case 2 -> s.appendCodePoint(random.nextInt(0x110000));
        default -> s.append((char) random.nextInt(0x10000));
      }
    }
    return s.toString();
  }

  /** Up to {@code max} characters drawn from {@code chars} only. */
  public String stringOf(String chars, int min, int max) {
    int n = between(min, max);
    StringBuilder s = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      s.append(chars.charAt(random.nextInt(chars.length())));
    }
    return s.toString();
  }

  /** A plain identifier: ASCII letters, 1 to 20 of them. */
  public String alpha() {
    return stringOf("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", 1, 20);
  }

  String stringLiteral() {
    String s =
        chance(50)
            ? stringOf(latin1AndNasty(), 0, 30)
            : pick(List.of("440605", "440604", "RL-1", "", "a'b"));
    return "'" + s.replace("'", "''") + "'";
  }

  private static String latin1AndNasty() {
    StringBuilder s = new StringBuilder();
    for (char c = '\u0000'; c <= '\u00ff'; c++) {
      s.append(c);
    }
    return s.append("'\";-/*\\%_佛山").toString();
  }

  String number() {
    return oneOf(
        () -> String.valueOf(between(-1000, 100_000)),
        () ->
            Double.toString(
                chance(50)
                    ? (random.nextDouble() - 0.5) * 2e6
                    : Double.longBitsToDouble(random.nextLong())),
        () ->
            pick(
                List.of(
                    "1e308",
                    "1e-400",
                    "99999999999999999999999999999999999999999999",
                    "-0",
                    "0.5",
                    "NaN",
                    "Infinity",
                    String.valueOf(Long.MIN_VALUE))));
  }

  String literal() {
    return oneOf(
        this::stringLiteral,
        this::number,
        () -> pick(List.of("TRUE", "FALSE")),
        () ->
            pick(
                List.of(
                    "DATE('2024-01-01')",
                    "DATE('2024-13-40')",
                    "DATE('-999999999-01-01')",
                    "DATE('+999999999-12-31')",
                    "TIMESTAMP('2024-01-01T00:00:00Z')",
                    "TIMESTAMP('0001-01-01T00:00:00+18:00')",
                    "TIMESTAMP('x')")));
  }

  private String point() {
    return (random.nextDouble() * 400 - 200) + " " + (random.nextDouble() * 200 - 100);
  }

  String geometry() {
    return oneOf(
        () -> "POINT(" + point() + ")",
        () ->
            "BBOX("
                + (random.nextDouble() * 400 - 200)
                + ","
                + (random.nextDouble() * 200 - 100)
                + ","
                + (random.nextDouble() * 400 - 200)
                + ","
                + (random.nextDouble() * 200 - 100)
                + ")",
        () -> "POLYGON((" + list(this::point, 0, 6, ", ") + "))",
        () -> "LINESTRING(" + list(this::point, 0, 4, ", ") + ")",
        () ->
            pick(
                List.of(
                    "POLYGON((113 23, 113.1 23, 113.1 23.1, 113 23.1, 113 23))",
                    "POLYGON((113 23, 114 24, 114 23, 113 24, 113 23))",
                    "GEOMETRYCOLLECTION(POINT(113 23), LINESTRING(113 23, 114 24))",
                    "MULTIPOINT((113 23), (113.1 23.1))",
                    "POINT(1e308 1e308)",
                    "geometry",
                    "POINT EMPTY")));
  }

  String predicate() {
    String property = pick(PROPERTIES);
    String op = pick(List.of("=", "<>", "<", ">", "<=", ">="));
    return switch (random.nextInt(8)) {
      case 0 -> property + " " + op + " " + literal();
      case 1 -> property + " " + op + " " + pick(PROPERTIES);
      case 2 -> property + " LIKE " + stringLiteral();
      case 3 -> property + " NOT BETWEEN " + literal() + " AND " + literal();
      case 4 -> property + " IN (" + list(this::literal, 0, 4, ", ") + ")";
      case 5 -> property + " IS NOT NULL";
      case 6 ->
          pick(
                  List.of(
                      "S_INTERSECTS",
                      "S_WITHIN",
                      "S_CONTAINS",
                      "S_DISJOINT",
                      "s_equals",
                      "S_TOUCHES",
                      "S_CROSSES",
                      "S_OVERLAPS"))
              + "("
              + geometry()
              + ", "
              + geometry()
              + ")";
      default -> pick(List.of("TRUE", "FALSE"));
    };
  }

  /** A predicate that matches the parcel layer's queryables and their types. */
  String validPredicate() {
    return switch (random.nextInt(10)) {
      case 0 -> "district = '" + pick(List.of("440604", "440605", "440606", "x''y")) + "'";
      case 1 -> "code LIKE '" + pick(List.of("RL%", "%1", "_L-%", "%''%")) + "'";
      case 2 -> "areaMu " + pick(List.of("<", ">", "<=", ">=")) + " " + between(0, 500);
      case 3 -> "clusterId = " + between(-5, 200);
      case 4 ->
          "grantedOn < DATE('"
              + between(1990, 2030)
              + "-0"
              + between(1, 9)
              + "-1"
              + between(0, 9)
              + "')";
      case 5 -> "updatedAt >= TIMESTAMP('" + between(2000, 2030) + "-01-01T00:00:00Z')";
      case 6 -> "floorAreaM2 BETWEEN " + between(0, 1000) + " AND " + between(1000, 100_000);
      case 7 ->
          "S_INTERSECTS(geometry, BBOX("
              + (113 + random.nextDouble())
              + ", 23, "
              + (114 + random.nextDouble())
              + ", 23.5))";
      case 8 ->
          pick(List.of("code", "clusterId", "grantedOn"))
              + pick(List.of(" IS NULL", " IS NOT NULL"));
      default -> "clusterId IN (" + list(() -> String.valueOf(between(0, 50)), 1, 4, ", ") + ")";
    };
  }

  /** A well-formed filter over the real queryables only: 1 to 8 predicates, AND, OR, NOT. */
  public String validFilter() {
    int n = between(1, 8);
    String f = validPredicate();
    for (int i = 1; i < n; i++) {
      f =
          switch (random.nextInt(3)) {
            case 0 -> "(" + f + ") AND " + validPredicate();
            case 1 -> validPredicate() + " OR (" + f + ")";
            default -> "NOT (" + f + ")";
          };
    }
    return f;
  }

  /**
   * A (mostly) well-formed filter, nested up to 40 levels: 1 to 41 predicates folded together (AND,
   * OR, NOT), so that generating stays linear in the depth.
   */
  public String filter() {
    int n = between(1, 41);
    String f = predicate();
    for (int i = 1; i < n; i++) {
      f =
          switch (random.nextInt(3)) {
            case 0 -> "(" + f + ") AND " + predicate();
            case 1 -> predicate() + " OR (" + f + ")";
            default -> "NOT (" + f + ")";
          };
    }
    return f;
  }

  /** A filter with characters cut out or hostile tokens put in, at 1 to 3 random places. */
  public String mutated() {
    String f = filter();
    int times = between(1, 3);
    for (int t = 0; t < times; t++) {
      int i = random.nextInt(f.length() + 1);
      f =
          chance(50)
              ? f.substring(0, i) + pick(HOSTILE) + f.substring(i)
              : f.substring(0, i) + f.substring(Math.min(f.length(), i + between(0, 5)));
    }
    return f;
  }

  /**
   * Hostile text: injection attempts, deep nesting (up to {@code maxDepth} levels), huge numbers,
   * long literals, random characters and tokens.
   */
  public String hostile(int maxDepth) {
    int depth = between(1, maxDepth);
    return switch (random.nextInt(9)) {
      case 0 -> "(".repeat(depth) + predicate() + ")".repeat(depth);
      case 1 -> "NOT ".repeat(depth) + predicate();
      case 2 -> "(".repeat(depth) + predicate();
      case 3 ->
          pick(PROPERTIES)
              + " "
              + pick(List.of("=", "<", ">="))
              + " "
              + (chance(50) ? "9".repeat(between(20, 400)) : "1e" + between(300, 100_000));
      case 4 -> "code = '" + "x".repeat(between(900, 1100)) + "'";
      case 5 ->
          "code = '"
              + pick(List.of("", "x"))
              + pick(
                  List.of(
                      "'; DROP TABLE parcel; --",
                      "' OR '1'='1",
                      "' /* c */ OR TRUE --",
                      "'); SELECT pg_sleep(10); --",
                      "\\'; DELETE FROM parcel; --"));
      case 6 -> list(() -> pick(HOSTILE), 1, 30, chance(50) ? " " : "");
      case 7 -> stringOf("()'\"NOTAND =<>,;-/*0123456789.eE", 0, 200);
      default -> anyString(200);
    };
  }

  private String jsonString(String s) {
    StringBuilder b = new StringBuilder("\"");
    for (int k = 0; k < s.length(); k++) {
      char c = s.charAt(k);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  private String jsonValue() {
    return oneOf(
        () -> "{\"property\":" + jsonString(pick(PROPERTIES)) + "}",
        () -> {
          String quoted = stringLiteral();
          return jsonString(quoted.substring(1, quoted.length() - 1).replace("''", "'"));
        },
        () -> {
          String n = number();
          return n.equals("NaN") || n.equals("Infinity") ? "1e400" : n;
        },
        () ->
            pick(
                List.of(
                    "true",
                    "null",
                    "{\"date\":\"2024-01-01\"}",
                    "{\"date\":\"2024-13-40\"}",
                    "{\"timestamp\":\"1e9\"}",
                    "{\"bbox\":[113,23,113.1,23.1]}",
                    "{\"bbox\":[113,23]}",
                    "{\"type\":\"Point\",\"coordinates\":[113,23]}",
                    "{\"type\":\"Polygon\",\"coordinates\":[[[113,23],[114,23],[113,24]]]}",
                    "{\"type\":\"Polygon\",\"coordinates\":[]}",
                    "[]",
                    "{}")));
  }

  private String jsonLeaf() {
    String op =
        pick(
            List.of(
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
                "drop",
                "'; DROP TABLE parcel; --"));
    return "{\"op\":" + jsonString(op) + ",\"args\":[" + list(this::jsonValue, 0, 3, ",") + "]}";
  }

  /** CQL2 JSON, well-formed or not, nested up to 40 levels. */
  public String json() {
    int n = between(1, 41);
    String f = jsonLeaf();
    for (int i = 1; i < n; i++) {
      String o = pick(List.of("and", "or", "not"));
      f = "{\"op\":\"" + o + "\",\"args\":[" + f + (o.equals("not") ? "" : "," + jsonLeaf()) + "]}";
    }
    return f;
  }

  /** CQL2 JSON cut or with hostile tokens put in, or JSON-ish random text. */
  public String brokenJson() {
    if (chance(30)) {
      return stringOf("{}[]\":,opargs0123 ", 0, 200);
    }
    String f = json();
    int i = random.nextInt(f.length() + 1);
    return chance(50)
        ? f.substring(0, i) + pick(HOSTILE) + f.substring(i)
        : f.substring(0, i) + f.substring(Math.min(f.length(), i + between(1, 20)));
  }
}
