package cn.foshan.redline.ogc;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.ServiceClient;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * OGC API – Features beyond the map layers: the per-mu efficiency and compliance-check views by
 * year (logged-in users only, read-only, filtered on year and indicators as the SQL on their
 * tables), and {@code datetime}: a layer keeping history as it was at a moment or over an interval,
 * the views' years, no effect where a collection has no time, 400 when malformed.
 */
class OgcViewsTest extends EditingTest {

  private static final List<String> VIEWS = List.of("parcel_efficiency", "parcel_breach");

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private HttpResponse<byte[]> get(String path, String user) throws Exception {
    return send("GET", path, user, null);
  }

  /** A GET as this user (null: anonymous) that must answer 200; its JSON. */
  private JsonNode read(String path, String user) throws Exception {
    return expect(200, "GET", path, user, null);
  }

  private static List<String> ids(JsonNode collection) {
    List<String> ids = new ArrayList<>();
    collection.get("features").forEach(f -> ids.add(f.get("id").asString()));
    return ids;
  }

  private int latestYear() {
    Integer year =
        jdbc.sql("SELECT max(year) FROM parcel_efficiency").query(Integer.class).single();
    assertThat(year).as("the demo city has efficiency figures").isNotNull();
    return year;
  }

  /** The key of the year's first parcel_efficiency feature ({@code <year>-<parcel id>}). */
  private String firstEfficiencyKey(int year) {
    return jdbc.sql(
            "SELECT year || '-' || parcel_id FROM parcel_efficiency WHERE year = :y"
                + " ORDER BY parcel_id LIMIT 1")
        .param("y", year)
        .query(String.class)
        .single();
  }

  // ---- the efficiency views

  @Test
  void theViewsNeedALoginToBeListedDescribedOrRead() throws Exception {
    int year = latestYear();
    String key = firstEfficiencyKey(year);
    List<String> anonymous = new ArrayList<>();
    read("/ogc/collections", null)
        .get("collections")
        .forEach(c -> anonymous.add(c.get("id").asString()));
    assertThat(anonymous).contains("parcel", "red_line").doesNotContainAnyElementsOf(VIEWS);
    assertThat(
            read("/ogc/api", null).at("/components/parameters/collectionId/schema/enum").toString())
        .doesNotContain("parcel_efficiency");
    for (String view : VIEWS) {
      for (String path :
          List.of(
              "/ogc/collections/" + view,
              "/ogc/collections/" + view + "/items",
              "/ogc/collections/" + view + "/items?f=html",
              "/ogc/collections/" + view + "/items/" + key,
              "/ogc/collections/" + view + "/queryables")) {
        JsonNode refused = expect(401, "GET", path, null, null);
        assertThat(refused.get("type").asString()).as(path).isEqualTo("/problems/login-required");
      }
    }

    for (String user : List.of("planner", "nanhai", "bureau")) {
      List<String> listed = new ArrayList<>();
      read("/ogc/collections", user)
          .get("collections")
          .forEach(c -> listed.add(c.get("id").asString()));
      assertThat(listed).as(user).containsAll(VIEWS).contains("parcel");
      JsonNode item = read("/ogc/collections/parcel_efficiency/items/" + key, user);
      assertThat(item.get("id").asString()).isEqualTo(key);
      assertThat(item.at("/properties/year").asInt()).isEqualTo(year);
      assertThat(item.at("/geometry/type").asString()).isEqualTo("MultiPolygon");
    }
    JsonNode collection = read("/ogc/collections/parcel_efficiency", "planner");
    assertThat(collection.get("description").asString()).contains("ratios of sums");
    // datetime means something here: the years of the figures
    JsonNode years = collection.at("/extent/temporal/interval/0");
    int first = jdbc.sql("SELECT min(year) FROM parcel_efficiency").query(Integer.class).single();
    assertThat(years.get(0).asString()).isEqualTo(first + "-01-01T00:00:00+08:00");
    assertThat(years.get(1).asString()).isEqualTo(year + "-12-31T23:59:59+08:00");
    assertThat(read("/ogc/api", "planner").at("/paths").has("/collections/parcel_efficiency/items"))
        .isTrue();
  }

  @Test
  void aFilterOnYearAndIndicatorGivesWhatTheSameSqlGives() throws Exception {
    int year = latestYear();
    double median =
        jdbc.sql(
                "SELECT percentile_disc(0.5) WITHIN GROUP (ORDER BY tax_per_mu)"
                    + " FROM parcel_efficiency WHERE year = :y")
            .param("y", year)
            .query(Double.class)
            .single();
    String threshold = String.format(java.util.Locale.ROOT, "%.6f", median);
    List<String> expected =
        jdbc.sql(
                "SELECT pe.year || '-' || pe.parcel_id FROM parcel_efficiency pe"
                    + " JOIN parcel p ON p.id = pe.parcel_id"
                    + " WHERE pe.year = :y AND pe.tax_per_mu < CAST(:t AS float8)"
                    + " ORDER BY 1")
            .param("y", year)
            .param("t", threshold)
            .query(String.class)
            .list();
    assertThat(expected).hasSizeGreaterThan(10);
    JsonNode page =
        read(
            "/ogc/collections/parcel_efficiency/items?limit=10000&filter="
                + q("year=" + year + " AND taxPerMu<" + threshold),
            "planner");
    assertThat(ids(page)).isEqualTo(expected);
    for (JsonNode f : page.get("features")) {
      // (properties are rounded to 4 decimals)
      assertThat(f.at("/properties/taxPerMu").asDouble()).isLessThanOrEqualTo(median + 1e-4);
    }

    // the same by datetime (an instant of that year) and the year as a query parameter
    String byTime =
        "/ogc/collections/parcel_efficiency/items?limit=10000&datetime="
            + q(year + "-06-30T12:00:00+08:00")
            + "&filter="
            + q("taxPerMu<" + threshold);
    assertThat(ids(read(byTime, "planner"))).isEqualTo(expected);
    JsonNode graded =
        read(
            "/ogc/collections/parcel_efficiency/items?limit=10000&year=" + year + "&grade=A",
            "planner");
    assertThat(graded.get("numberReturned").asInt())
        .isEqualTo(
            jdbc.sql(
                    "SELECT count(*) FROM parcel_efficiency pe JOIN parcel p ON p.id = pe.parcel_id"
                        + " JOIN grading_model m ON m.year = pe.year AND m.active"
                        + " JOIN parcel_grade g ON g.model_id = m.id AND g.parcel_id = pe.parcel_id"
                        + " WHERE pe.year = :y AND g.grade = 'A'")
                .param("y", year)
                .query(Integer.class)
                .single())
        .isPositive();

    // an interval of years, with an open start: every year up to it
    long allYears =
        jdbc.sql(
                "SELECT count(*) FROM parcel_efficiency pe JOIN parcel p ON p.id = pe.parcel_id"
                    + " WHERE pe.tax_per_mu < CAST(:t AS float8)")
            .param("t", threshold)
            .query(Long.class)
            .single();
    JsonNode open =
        read(
            "/ogc/collections/parcel_efficiency/items?limit=10000&datetime="
                + q("../" + year + "-01-01")
                + "&filter="
                + q("taxPerMu<" + threshold),
            "planner");
    assertThat((long) open.get("numberReturned").asInt()).isEqualTo(allYears);
    // a year without figures has no features
    assertThat(
            read(
                    "/ogc/collections/parcel_efficiency/items?datetime="
                        + q("1999-01-01/1999-12-31"),
                    "planner")
                .get("numberReturned")
                .asInt())
        .isZero();
  }

  @Test
  void theNextLinksWalkThroughAYearOfTheViewOnce() throws Exception {
    int year = latestYear();
    List<String> ids = new ArrayList<>();
    String next = "/ogc/collections/parcel_efficiency/items?limit=500&year=" + year;
    while (next != null) {
      JsonNode page = read(next.replace(client().base(), ""), "planner");
      ids.addAll(ids(page));
      next = null;
      for (JsonNode l : page.get("links")) {
        if (l.get("rel").asString().equals("next")) {
          next = l.get("href").asString();
        }
      }
    }
    List<String> expected =
        jdbc.sql(
                "SELECT pe.year || '-' || pe.parcel_id FROM parcel_efficiency pe"
                    + " JOIN parcel p ON p.id = pe.parcel_id WHERE pe.year = :y")
            .param("y", year)
            .query(String.class)
            .list();
    assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void theBreachViewFiltersOnKindsAndShortfalls() throws Exception {
    int year = jdbc.sql("SELECT max(year) FROM parcel_breach").query(Integer.class).single();
    int found = 0;
    for (String kind : List.of("lateStart", "idle", "shortfallTax")) {
      String sqlKind =
          Map.of("lateStart", "LATE_START", "idle", "IDLE", "shortfallTax", "SHORTFALL_TAX")
              .get(kind);
      List<String> expected =
          jdbc.sql(
                  "SELECT b.year || '-' || b.parcel_id FROM parcel_breach b"
                      + " JOIN parcel p ON p.id = b.parcel_id"
                      + " WHERE b.year = :y AND :k = ANY (b.kinds) ORDER BY 1")
              .param("y", year)
              .param("k", sqlKind)
              .query(String.class)
              .list();
      JsonNode page =
          read(
              "/ogc/collections/parcel_breach/items?limit=10000&filter="
                  + q("year = " + year + " AND " + kind + " = true"),
              "planner");
      assertThat(ids(page)).as(kind).isEqualTo(expected);
      found += expected.size();
      page.get("features")
          .forEach(f -> assertThat(f.at("/properties/kinds").toString()).contains(sqlKind));
    }
    assertThat(found).as("breaches of these kinds in the demo city").isPositive();
    long shortOfTax =
        jdbc.sql(
                "SELECT count(*) FROM parcel_breach b JOIN parcel p ON p.id = b.parcel_id,"
                    + " jsonb_array_elements(b.shortfalls) s WHERE b.year = :y"
                    + " AND s ->> 'indicator' = 'taxPerMu' AND (s ->> 'amount')::numeric > 5")
            .param("y", year)
            .query(Long.class)
            .single();
    JsonNode shortfalls =
        read(
            "/ogc/collections/parcel_breach/items?limit=10000&year="
                + year
                + "&filter="
                + q("taxPerMuShortfall > 5"),
            "planner");
    assertThat((long) shortfalls.get("numberReturned").asInt()).isEqualTo(shortOfTax);
  }

  @Test
  void queryablesNameTheYearAndTheIndicatorsAndConformanceIsUnchanged() throws Exception {
    JsonNode queryables = read("/ogc/collections/parcel_efficiency/queryables", "planner");
    JsonNode properties = queryables.get("properties");
    for (String name :
        List.of(
            "geometry",
            "year",
            "district",
            "clusterId",
            "areaMu",
            "taxPerMu",
            "outputPerMu",
            "valueAddedPerMu",
            "investmentPerMu",
            "grade")) {
      assertThat(properties.has(name)).as(name).isTrue();
    }
    assertThat(properties.at("/year/type").asString()).isEqualTo("integer");
    assertThat(properties.at("/taxPerMu/type").asString()).isEqualTo("number");
    JsonNode breach =
        read("/ogc/collections/parcel_breach/queryables", "planner").get("properties");
    assertThat(breach.has("idle")).isTrue();
    assertThat(breach.at("/daysLateStart/type").asString()).isEqualTo("integer");

    // an unknown name is still a 400 that lists the queryables
    HttpResponse<byte[]> unknown =
        get("/ogc/collections/parcel_efficiency/items?filter=" + q("tax_per_mu < 10"), "planner");
    assertThat(unknown.statusCode()).isEqualTo(400);
    assertThat(new String(unknown.body(), StandardCharsets.UTF_8)).contains("taxPerMu");

    // the conformance classes are those of the map layers, whoever asks
    JsonNode anonymous = read("/ogc/conformance", null).get("conformsTo");
    assertThat(read("/ogc/conformance", "planner").get("conformsTo")).isEqualTo(anonymous);
    assertThat(anonymous).hasSize(20);
    assertThat(anonymous.toString())
        .contains(
            "ogcapi-features-1/1.0/conf/core",
            "ogcapi-features-3/1.0/conf/queryables-query-parameters",
            "ogcapi-features-4/1.0/conf/create-replace-delete");
  }

  @Test
  void theViewsAreReadOnly() throws Exception {
    int year = latestYear();
    String key = firstEfficiencyKey(year);
    Map<String, Object> feature =
        Map.of("type", "Feature", "geometry", Map.of(), "properties", Map.of("taxPerMu", 1));
    for (String view : VIEWS) {
      String items = "/ogc/collections/" + view + "/items";
      expect(401, "POST", items, null, feature);
      // a planner writes nothing: refused at the gate, before the collection is looked at
      expect(403, "POST", items, "planner", feature);
      expect(403, "DELETE", items + "/" + key, "planner", null, "If-Match", "\"1\"");
      for (String user : List.of("bureau", "chancheng")) {
        JsonNode refused = expect(405, "POST", items, user, feature);
        assertThat(refused.get("detail").asString()).contains("read-only");
        expect(405, "PUT", items + "/" + key, user, feature, "If-Match", "\"1\"");
        expect(405, "PATCH", items + "/" + key, user, feature, "If-Match", "\"1\"");
        expect(405, "DELETE", items + "/" + key, user, null, "If-Match", "\"1\"");
      }
    }
  }

  // ---- datetime on a layer keeping history

  private long parcelAt(int offset) {
    return jdbc.sql("SELECT id FROM parcel ORDER BY id OFFSET :o LIMIT 1")
        .param("o", offset)
        .query(Long.class)
        .single();
  }

  /**
   * The database's clock, the clock of the layers' history: later than every change committed
   * before (each is stamped with its transaction's start, before its answer came back) and earlier
   * than every change made after.
   */
  private OffsetDateTime now() {
    return jdbc.sql("SELECT clock_timestamp()").query(OffsetDateTime.class).single();
  }

  private JsonNode parcelAsOf(String code, String datetime) throws Exception {
    return read("/ogc/collections/parcel/items?code=" + q(code) + "&datetime=" + q(datetime), null);
  }

  private double area(JsonNode geometry) {
    return jdbc.sql("SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(:g), 4490)::geography)")
        .param("g", geometry.toString())
        .query(Double.class)
        .single();
  }

  @Test
  void datetimeGivesAVersionedLayerAsItWasThen() throws Exception {
    long id = parcelAt(1700);
    JsonNode original = read("/ogc/collections/parcel/items/" + id, null);
    String code = original.at("/properties/code").asString();
    double originalArea = area(original.get("geometry"));
    int version = original.at("/properties/version").asInt();
    OffsetDateTime before = now();

    // a new shape (shrunk by a metre) and floor area, through OGC API Part 4
    JsonNode shrunk =
        shape(
            "SELECT ST_Buffer(geom, -0.00001, 'join=mitre') FROM parcel WHERE id = :id", "id", id);
    Map<String, Object> patch =
        Map.of("geometry", shrunk, "properties", Map.of("floorAreaM2", 4321));
    expect(
        200,
        "PATCH",
        "/ogc/collections/parcel/items/" + id,
        "bureau",
        patch,
        "If-Match",
        "\"" + version + "\"",
        "Content-Type",
        "application/merge-patch+json");
    OffsetDateTime after = now();

    JsonNode then = parcelAsOf(code, before.toString());
    assertThat(then.get("numberReturned").asInt()).isEqualTo(1);
    JsonNode old = then.at("/features/0");
    assertThat(old.get("id").asLong()).isEqualTo(id);
    assertThat(old.at("/properties/version").asInt()).isEqualTo(version);
    assertThat(old.at("/properties/floorAreaM2")).isEqualTo(original.at("/properties/floorAreaM2"));
    assertThat(old.at("/properties/districtName").asString())
        .isEqualTo(original.at("/properties/districtName").asString());
    assertThat(area(old.get("geometry")))
        .isCloseTo(originalArea, org.assertj.core.data.Percentage.withPercentage(1e-6));

    JsonNode now = parcelAsOf(code, after.toString()).at("/features/0");
    assertThat(now.at("/properties/version").asInt()).isEqualTo(version + 1);
    assertThat(now.at("/properties/floorAreaM2").asDouble()).isEqualTo(4321);
    assertThat(area(now.get("geometry"))).isLessThan(originalArea);
    // the same as without datetime, which is now
    assertThat(now.get("geometry"))
        .isEqualTo(read("/ogc/collections/parcel/items/" + id, null).get("geometry"));

    // an interval: each feature as at the latest moment of it
    JsonNode over = parcelAsOf(code, before + "/" + after);
    assertThat(over.get("numberReturned").asInt()).isEqualTo(1);
    assertThat(over.at("/features/0/properties/version").asInt()).isEqualTo(version + 1);
    JsonNode until = parcelAsOf(code, "../" + before);
    assertThat(until.at("/features/0/properties/version").asInt()).isEqualTo(version);
    // a date is that whole day in China Standard Time: the latest version of the day
    String today =
        after.atZoneSameInstant(java.time.ZoneOffset.ofHours(8)).toLocalDate().toString();
    assertThat(parcelAsOf(code, today).at("/features/0/properties/version").asInt())
        .isEqualTo(version + 1);
  }

  @Test
  void aDeletedFeatureIsThereAsOfBeforeItsDeletion() throws Exception {
    long id = parcelAt(1710);
    JsonNode original = read("/ogc/collections/parcel/items/" + id, null);
    String code = original.at("/properties/code").asString();
    int version = original.at("/properties/version").asInt();
    OffsetDateTime before = now();
    expect(
        204,
        "DELETE",
        "/ogc/collections/parcel/items/" + id,
        "bureau",
        null,
        "If-Match",
        "\"" + version + "\"");
    OffsetDateTime after = now();

    assertThat(
            read("/ogc/collections/parcel/items?code=" + q(code), null)
                .get("numberReturned")
                .asInt())
        .isZero();
    JsonNode then = parcelAsOf(code, before.toString());
    assertThat(then.get("numberReturned").asInt()).isEqualTo(1);
    assertThat(then.at("/features/0/id").asLong()).isEqualTo(id);
    assertThat(then.at("/features/0/properties/version").asInt()).isEqualTo(version);
    assertThat(then.at("/features/0/geometry")).isEqualTo(original.get("geometry"));
    assertThat(parcelAsOf(code, after.toString()).get("numberReturned").asInt()).isZero();
    // it existed during an interval that began before its deletion, and in none after it
    assertThat(parcelAsOf(code, before + "/..").get("numberReturned").asInt()).isEqualTo(1);
    assertThat(parcelAsOf(code, after + "/..").get("numberReturned").asInt()).isZero();

    // a page of the layer as it was: the features of then, each once, the deleted one among them
    List<Long> ids = new ArrayList<>();
    read("/ogc/collections/parcel/items?limit=10000&datetime=" + q(before.toString()), null)
        .get("features")
        .forEach(f -> ids.add(f.get("id").asLong()));
    assertThat(ids).contains(id).doesNotHaveDuplicates();
    long thenCount =
        jdbc
            .sql(
                "SELECT count(*) FROM parcel WHERE updated_at <= :t"
                    + " UNION ALL SELECT count(*) FROM feature_history WHERE layer = 'parcel'"
                    + " AND valid_from <= :t AND valid_to > :t")
            .param("t", before)
            .query(Long.class)
            .list()
            .stream()
            .mapToLong(Long::longValue)
            .sum();
    assertThat((long) ids.size()).isEqualTo(thenCount);
  }

  @Test
  void versionedLayersAdvertiseTheirHistoryAndMalformedDatetimesAre400() throws Exception {
    JsonNode parcel = read("/ogc/collections/parcel", null);
    JsonNode interval = parcel.at("/extent/temporal/interval/0");
    assertThat(interval.get(0).asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*\\+08:00");
    assertThat(interval.get(1).isNull()).isTrue();
    assertThat(parcel.at("/extent/temporal/trs").asString())
        .isEqualTo("http://www.opengis.net/def/uom/ISO-8601/0/Gregorian");
    // a collection without time: no temporal extent, and every feature meets any datetime
    JsonNode district = read("/ogc/collections/district", null);
    assertThat(district.at("/extent/temporal").isMissingNode()).isTrue();
    for (String datetime :
        List.of("2020-01-01T00:00:00Z", "../2020-01-01", "2020-01-01/..", "2030-01-01")) {
      assertThat(
              read("/ogc/collections/district/items?datetime=" + q(datetime), null)
                  .get("numberReturned")
                  .asInt())
          .as(datetime)
          .isEqualTo(5);
    }
    for (String datetime :
        List.of(
            "yesterday",
            "2025-13-01",
            "2025-06-01T12:00:00",
            "2025-06-01T25:00:00Z",
            "2025-01-01/2024-01-01",
            "2024-01-01/2025-01-01/2026-01-01",
            "..")) {
      for (String collection : List.of("parcel", "district")) {
        HttpResponse<byte[]> response =
            get("/ogc/collections/" + collection + "/items?datetime=" + q(datetime), null);
        assertThat(response.statusCode()).as(datetime).isEqualTo(400);
        JsonNode problem = json(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("/problems/invalid-datetime");
        assertThat(problem.get("detail").asString()).as(datetime).contains("datetime");
      }
    }
  }

  private static JsonNode json(byte[] body) {
    return ServiceClient.json(body);
  }
}
