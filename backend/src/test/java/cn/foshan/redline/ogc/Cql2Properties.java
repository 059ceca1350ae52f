package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.maps.Queryable;
import cn.foshan.redline.system.ApiException;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/**
 * The CQL2 parsers and the SQL they lead to, property by property (jqwik), without a database:
 * whatever the text, the outcome is SQL or a 400 problem, never another failure; and the SQL is
 * made of our own pieces only: no quote, comment or semicolon of the request ever reaches it. The
 * same filters against the running service and PostGIS: {@code OgcFilterFuzzTest}.
 */
class Cql2Properties {

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
  static final java.util.regex.Pattern OURS =
      java.util.regex.Pattern.compile(
          "(?:\\s|\\(|\\)|,|f\\.[a-z_]+|:cql[0-9]+|CAST|AS|text|bpchar|bigint|numeric|boolean"
              + "|date|timestamptz|AND|OR|NOT|IN|LIKE|BETWEEN|IS|NULL|true|false|<>|<=|>=|<|>|="
              + "|ST_[A-Za-z]+|[0-9]+)*");

  @Provide
  Arbitrary<String> anyText() {
    return Arbitraries.oneOf(
        Cql2Generators.filter(),
        Cql2Generators.mutated(),
        Arbitraries.strings().ofMaxLength(200),
        Arbitraries.strings().withChars("()'\"NOTAND =<>,;-/*0123456789.eE").ofMaxLength(200));
  }

  @Property(tries = 500)
  void textGivesSqlOfOursOrA400(@ForAll("anyText") String filter) {
    check(() -> Cql2Text.parse(filter));
  }

  @Provide
  Arbitrary<String> anyJson() {
    return Arbitraries.oneOf(
        Cql2Generators.json(),
        Arbitraries.strings().withChars("{}[]\":,opargs0123 ").ofMaxLength(200));
  }

  @Property(tries = 300)
  void jsonGivesSqlOfOursOrA400(@ForAll("anyJson") String filter) {
    check(() -> Cql2Json.parse(filter, JSON));
  }

  /** A string literal, whatever it holds, is bound, never written into the SQL. */
  @Property(tries = 500)
  void everyValueIsBound(@ForAll String value) {
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
          .matches(s -> s.length() > 1000 || s.indexOf('\u0000') >= 0 || s.endsWith("\\"));
    }
  }

  @Property(tries = 200)
  void anUnknownPropertyIsNamedInThe400(@ForAll("names") String name) {
    try {
      Cql2Sql.translate(Cql2Text.parse("\"" + name + "\" = 1"), PARCEL, OgcCrs.CRS84, "parcel");
      assertThat(Set.of("areaMu", "clusterId", "floorAreaM2")).contains(name);
    } catch (ApiException e) {
      assertThat(e.status().value()).isEqualTo(400);
    }
  }

  @Provide
  Arbitrary<String> names() {
    return Arbitraries.oneOf(
        Arbitraries.of("areaMu", "clusterId", "colour", "id", "geom", "f.geom"),
        Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(20));
  }

  private static void check(java.util.function.Supplier<Cql2.Node> parse) {
    try {
      OgcFeatures.Condition c = Cql2Sql.translate(parse.get(), PARCEL, OgcCrs.CRS84, "parcel");
      assertThat(c.sql()).matches(OURS);
      assertThat(c.parameters().keySet()).allMatch(k -> k.matches("cql[0-9]+"));
    } catch (ApiException e) {
      assertThat(e.status().value()).isEqualTo(400);
      assertThat(e.getMessage()).isNotBlank();
    }
  }
}
