package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.system.ApiException;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CQL2 parsers and the SQL they lead to, over generated inputs (seeded {@link
 * java.util.Random}, {@link Cql2Generators}), without a database: whatever the text, the outcome is
 * SQL or a 400 problem, never another failure; and the SQL is made of our own pieces only: no
 * quote, comment or semicolon of the request ever reaches it. Each test has a fixed seed; a failure
 * names the seed, the case number and the input. The same filters against the running service and
 * PostGIS: {@code OgcFilterFuzzTest}.
 */
@Tag("fast")
class Cql2PropertiesTest {

  static final int TRIES = 1_000;

  static final List<Queryable> PARCEL =
      Queryable.withGeometry(
          Queryable.of("district", "district", Queryable.Type.CODE, "district_code"),
          Queryable.of("code", "code", Queryable.Type.TEXT, "code"),
          Queryable.of("areaMu", "area", Queryable.Type.NUMBER, "area_mu"),
          Queryable.of("clusterId", "cluster", Queryable.Type.INTEGER, "cluster_id"),
          Queryable.of("grantedOn", "granted", Queryable.Type.DATE, "granted_on"),
          Queryable.of("updatedAt", "updated", Queryable.Type.TIMESTAMP, "updated_at"),
          Queryable.of("floorAreaM2", "floor area", Queryable.Type.NUMBER, "floor_area_m2"));

  static final ObjectMapper JSON = JsonMapper.builder().build();

  /** Our SQL's vocabulary: queryable columns, functions, casts, operators, bound names. */
  static final Pattern OURS =
      Pattern.compile(
          "(?:\\s|\\(|\\)|,|f\\.[a-z_]+|:cql[0-9]+|CAST|AS|text|bpchar|bigint|numeric|boolean"
              + "|date|timestamptz|AND|OR|NOT|IN|LIKE|BETWEEN|IS|NULL|true|false|<>|<=|>=|<|>|="
              + "|ST_[A-Za-z]+|[0-9]+)*");

  @Test
  void textGivesSqlOfOursOrA400() {
    long seed = 20_260_101L;
    Cql2Generators g = new Cql2Generators(seed);
    int[] outcomes = new int[2];
    forEach(
        seed,
        () ->
            switch (g.between(0, 5)) {
              case 5 -> g.validFilter();
              case 0 -> g.filter();
              case 1 -> g.mutated();
              case 2 -> g.hostile(2_000);
              case 3 -> g.anyString(200);
              default -> g.stringOf("()'\"NOTAND =<>,;-/*0123456789.eE", 0, 200);
            },
        filter -> outcomes[check(() -> Cql2Text.parse(filter)) ? 0 : 1]++);
    System.out.printf(
        "CQL2 text: %d translated, %d rejected with a 400%n", outcomes[0], outcomes[1]);
    assertThat(outcomes[0]).as("inputs that reach SQL").isGreaterThan(TRIES / 10);
    assertThat(outcomes[1]).as("inputs rejected").isGreaterThan(TRIES / 10);
  }

  @Test
  void jsonGivesSqlOfOursOrA400() {
    long seed = 20_260_102L;
    Cql2Generators g = new Cql2Generators(seed);
    int[] outcomes = new int[2];
    forEach(
        seed,
        () -> g.chance(50) ? g.json() : g.brokenJson(),
        filter -> outcomes[check(() -> Cql2Json.parse(filter, JSON)) ? 0 : 1]++);
    System.out.printf(
        "CQL2 JSON: %d translated, %d rejected with a 400%n", outcomes[0], outcomes[1]);
    assertThat(outcomes[0]).as("inputs that reach SQL").isPositive();
    assertThat(outcomes[1]).as("inputs rejected").isPositive();
  }

  /** Filters over the real queryables, of the right types, are translated (not rejected). */
  @Test
  void validFiltersGiveSql() {
    long seed = 20_260_105L;
    Cql2Generators g = new Cql2Generators(seed);
    int[] outcomes = new int[2];
    forEach(
        seed, g::validFilter, filter -> outcomes[check(() -> Cql2Text.parse(filter)) ? 0 : 1]++);
    System.out.printf("valid CQL2 text: %d translated, %d rejected%n", outcomes[0], outcomes[1]);
    assertThat(outcomes[0]).as("valid filters that reach SQL").isGreaterThan(TRIES * 9 / 10);
  }

  /** A string literal, whatever it holds, is bound, never written into the SQL. */
  @Test
  void everyValueIsBound() {
    long seed = 20_260_103L;
    Cql2Generators g = new Cql2Generators(seed);
    forEach(
        seed,
        () -> g.chance(5) ? "x".repeat(g.between(990, 1010)) + g.anyString(20) : g.anyString(60),
        value -> {
          String quoted = "'" + value.replace("'", "''") + "'";
          try {
            OgcFeatures.Condition c =
                Cql2Sql.translate(
                    Cql2Text.parse("code = " + quoted + " OR code LIKE " + quoted),
                    PARCEL,
                    OgcCrs.CRS84,
                    "parcel");
            assertThat(c.sql()).matches(OURS);
            assertThat(c.parameters().values()).contains(value);
          } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
            assertThat(value)
                .as("rejected with %s", e.getMessage())
                .matches(s -> s.length() > 1000 || s.indexOf('\u0000') >= 0 || s.endsWith("\\"));
          }
        });
  }

  @Test
  void anUnknownPropertyIsA400() {
    long seed = 20_260_104L;
    Cql2Generators g = new Cql2Generators(seed);
    forEach(
        seed,
        () ->
            g.chance(30)
                ? g.pick(List.of("areaMu", "clusterId", "colour", "id", "geom", "f.geom"))
                : g.alpha(),
        name -> {
          try {
            Cql2Sql.translate(
                Cql2Text.parse("\"" + name + "\" = 1"), PARCEL, OgcCrs.CRS84, "parcel");
            assertThat(Set.of("areaMu", "clusterId", "floorAreaM2")).contains(name);
          } catch (ApiException e) {
            assertThat(e.status().value()).isEqualTo(400);
          }
        });
  }

  /** The generators themselves: the same seed gives the same inputs. */
  @Test
  void theSameSeedGivesTheSameInputs() {
    Cql2Generators a = new Cql2Generators(7);
    Cql2Generators b = new Cql2Generators(7);
    assertThat(Cql2Generators.sample(a::mutated, 50))
        .isEqualTo(Cql2Generators.sample(b::mutated, 50));
  }

  /** True if the input became SQL of ours, false if it was rejected with a 400. */
  private static boolean check(Supplier<Cql2.Node> parse) {
    try {
      OgcFeatures.Condition c = Cql2Sql.translate(parse.get(), PARCEL, OgcCrs.CRS84, "parcel");
      assertThat(c.sql()).matches(OURS);
      assertThat(c.parameters().keySet()).allMatch(k -> k.matches("cql[0-9]+"));
      return true;
    } catch (ApiException e) {
      assertThat(e.status().value()).isEqualTo(400);
      assertThat(e.getMessage()).isNotBlank();
      return false;
    }
  }

  /**
   * Runs {@code property} on {@link #TRIES} inputs; any failure (an assertion or an unexpected
   * exception or error) is rethrown with the seed, the case number and the input (escaped).
   */
  static void forEach(
      long seed, Supplier<String> generator, java.util.function.Consumer<String> property) {
    for (int i = 0; i < TRIES; i++) {
      String input = generator.get();
      try {
        property.accept(input);
      } catch (AssertionError | RuntimeException | StackOverflowError e) {
        throw new AssertionError(
            "seed " + seed + ", case " + i + ", input: " + escape(input) + "\n" + e, e);
      }
    }
  }

  /** The input with control characters, surrogates and non-ASCII escaped as \\uXXXX. */
  public static String escape(String s) {
    Function<Character, String> esc = c -> String.format("\\u%04x", (int) c);
    StringBuilder b = new StringBuilder();
    String shown = s.length() > 4_000 ? s.substring(0, 4_000) + "…(" + s.length() + ")" : s;
    for (int k = 0; k < shown.length(); k++) {
      char c = shown.charAt(k);
      b.append(c < 0x20 || c > 0x7e ? esc.apply(c) : String.valueOf(c));
    }
    return b.toString();
  }
}
