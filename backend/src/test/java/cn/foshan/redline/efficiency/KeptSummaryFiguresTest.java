package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EditingTest;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The figures of the summaries that the recompute keeps (V55): each cluster's output per industry
 * (its leading industry in the park assessment) and the breaches counted by kind of the city, each
 * district and each cluster, are those computed from the figures, breaches and holders (the
 * statements as they were before V55): after the start's recompute, after holders of parcels
 * written by plain SQL (the clusters of those parcels made again in the writer's transaction),
 * after breaches written by SQL (the year forgotten: computed live until the next recompute), and
 * after a recompute; and the summary answers from them.
 */
class KeptSummaryFiguresTest extends EditingTest {

  /** select_parks.sql's by_industry before V55: every enterprise's output over the parcels. */
  private static final String LIVE_INDUSTRY =
      "SELECT pe.cluster_id || ' ' || coalesce(ee.industry_code, '-') AS k,"
          + " sum(ee.output * pe.area_mu * l.floor_area_share / ee.land_mu) AS output"
          + " FROM parcel_efficiency pe"
          + " JOIN parcel_enterprise l ON l.parcel_id = pe.parcel_id"
          + " JOIN enterprise_efficiency ee ON ee.year = pe.year AND ee.enterprise_id ="
          + " l.enterprise_id"
          + " WHERE pe.year = :y AND pe.cluster_id IS NOT NULL"
          + " GROUP BY pe.cluster_id, ee.industry_code";

  /** count_breach_kinds.sql before V55, for every scope at once. */
  private static final String LIVE_BREACHES =
      "SELECT 'city' || ' ' || k.kind, count(*) FROM parcel_breach b"
          + " CROSS JOIN LATERAL unnest(b.kinds) AS k(kind) WHERE b.year = :y GROUP BY k.kind"
          + " UNION ALL SELECT 'district ' || b.district_code || ' ' || k.kind, count(*)"
          + " FROM parcel_breach b CROSS JOIN LATERAL unnest(b.kinds) AS k(kind)"
          + " WHERE b.year = :y GROUP BY b.district_code, k.kind"
          + " UNION ALL SELECT 'cluster ' || b.cluster_id || ' ' || k.kind, count(*)"
          + " FROM parcel_breach b CROSS JOIN LATERAL unnest(b.kinds) AS k(kind)"
          + " WHERE b.year = :y AND b.cluster_id IS NOT NULL GROUP BY b.cluster_id, k.kind";

  private Map<String, Double> rows(String sql, int year) {
    Map<String, Double> m = new TreeMap<>();
    jdbc.sql(sql).param("y", year).query((rs, n) -> m.put(rs.getString(1), rs.getDouble(2))).list();
    return m;
  }

  private Map<String, Double> keptIndustry(int year) {
    return rows(
        "SELECT cluster_id || ' ' || coalesce(industry_code, '-'), output"
            + " FROM cluster_industry_output WHERE year = :y",
        year);
  }

  private Map<String, Double> keptBreaches(int year) {
    return rows(
        "SELECT scope || CASE WHEN scope = 'city' THEN '' ELSE ' ' || code END || ' ' || kind,"
            + " parcels FROM breach_kind_count WHERE year = :y",
        year);
  }

  private boolean kept(int year) {
    return jdbc.sql("SELECT count(*) FROM efficiency_summary_kept WHERE year = :y")
            .param("y", year)
            .query(Long.class)
            .single()
        == 1;
  }

  /** The same keys, and values equal but for the order of a floating-point sum. */
  private static void assertSame(Map<String, Double> kept, Map<String, Double> live, String what) {
    assertThat(kept.keySet()).as(what).isEqualTo(live.keySet());
    live.forEach(
        (k, v) ->
            assertThat(kept.get(k))
                .as(what + ": " + k)
                .isCloseTo(v, within(Math.abs(v) * 1e-12 + 1e-9)));
  }

  private void assertAsComputed(int year, boolean keptExpected, String after) throws Exception {
    assertThat(kept(year)).as("year %d kept after %s", year, after).isEqualTo(keptExpected);
    Map<String, Double> industry = rows(LIVE_INDUSTRY, year);
    Map<String, Double> breaches = rows(LIVE_BREACHES, year);
    if (keptExpected) {
      assertSame(keptIndustry(year), industry, "output per industry after " + after);
      assertSame(keptBreaches(year), breaches, "breaches by kind after " + after);
    } else {
      assertThat(keptIndustry(year)).isEmpty();
      assertThat(keptBreaches(year)).isEmpty();
    }
    // the summary of the cluster with the most breaches: its breaches and its leading industry
    long cluster = biggestCluster(year);
    JsonNode s = summary(cluster, year);
    breaches.forEach(
        (k, v) -> {
          if (k.startsWith("cluster " + cluster + " ")) {
            String kind = k.substring(("cluster " + cluster + " ").length());
            assertThat(s.get("breaches").get(kind).asDouble()).as(after + ": " + k).isEqualTo(v);
          }
        });
    assertThat(s.get("breaches").size())
        .isEqualTo(
            (int)
                breaches.keySet().stream()
                    .filter(k -> k.startsWith("cluster " + cluster + " "))
                    .count());
    // the leading industry: the largest output of the cluster, ties by code
    Map.Entry<String, Double> top =
        industry.entrySet().stream()
            .filter(e -> e.getKey().startsWith(cluster + " "))
            .max(
                (a, b) ->
                    a.getValue().equals(b.getValue())
                        ? b.getKey().compareTo(a.getKey())
                        : Double.compare(a.getValue(), b.getValue()))
            .orElseThrow();
    JsonNode park = s.get("park");
    assertThat(park.get("leadingIndustry").asText())
        .as(after)
        .isEqualTo(top.getKey().substring((cluster + " ").length()));
    assertThat(park.get("industryAgglomeration").asDouble())
        .as(after)
        .isCloseTo(top.getValue() / park.get("output").asDouble(), within(1e-9));
  }

  private long biggestCluster(int year) {
    return jdbc.sql(
            "SELECT cluster_id FROM parcel_breach WHERE year = :y AND cluster_id IS NOT NULL"
                + " GROUP BY cluster_id ORDER BY count(*) DESC, cluster_id LIMIT 1")
        .param("y", year)
        .query(Long.class)
        .single();
  }

  private JsonNode summary(long cluster, int year) throws Exception {
    return expect(
        200,
        "GET",
        "/api/efficiency/summary?level=cluster&code=" + cluster + "&year=" + year,
        "planner",
        null);
  }

  /** The kept count of one kind of a cluster's breaches moved by parcels, as psql would. */
  private void addToKeptBreaches(int year, long cluster, String kind, int parcels) {
    jdbc.sql(
            "UPDATE breach_kind_count SET parcels = parcels + :n WHERE year = :y"
                + " AND scope = 'cluster' AND code = :c AND kind = :k")
        .param("n", parcels)
        .param("y", year)
        .param("c", Long.toString(cluster))
        .param("k", kind)
        .update();
  }

  private void recompute(int year) throws Exception {
    expect(200, "POST", "/api/efficiency/recompute?year=" + year, "bureau", null);
  }

  @Test
  void theKeptFiguresAreTheComputedOnesAfterEveryKindOfWrite() throws Exception {
    // the latest year whose grades are not published (a published year is never recomputed)
    int year =
        jdbc.sql(
                "SELECT max(year) FROM parcel_efficiency e"
                    + " WHERE NOT EXISTS (SELECT 1 FROM grade_publication p WHERE p.year = e.year)")
            .query(Integer.class)
            .single();
    assertAsComputed(year, true, "the start");

    // the summary answers from what is kept: a kept count changed by hand is what it says
    long cluster = biggestCluster(year);
    String kind =
        jdbc.sql(
                "SELECT min(kind) FROM breach_kind_count WHERE year = :y AND scope = 'cluster'"
                    + " AND code = :c")
            .param("y", year)
            .param("c", Long.toString(cluster))
            .query(String.class)
            .single();
    long before = summary(cluster, year).get("breaches").get(kind).asLong();
    addToKeptBreaches(year, cluster, kind, 1000);
    assertThat(summary(cluster, year).get("breaches").get(kind).asLong()).isEqualTo(before + 1000);
    addToKeptBreaches(year, cluster, kind, -1000);

    // holders written by SQL (as psql would): the year stays kept, the clusters of the parcels
    // touched are made again in the writer's transaction. A holder of a parcel of the cluster with
    // the most land of one enterprise: its share halved, then the holder removed and put back.
    Map<String, Object> link =
        jdbc.sql(
                "SELECT l.parcel_id AS p, l.enterprise_id AS e, l.floor_area_share AS s, l.since"
                    + " FROM parcel_enterprise l"
                    + " JOIN parcel_efficiency pe ON pe.parcel_id = l.parcel_id AND pe.year = :y"
                    + " WHERE pe.cluster_id = :c ORDER BY pe.area_mu DESC, l.parcel_id,"
                    + " l.enterprise_id LIMIT 1")
            .param("y", year)
            .param("c", cluster)
            .query()
            .singleRow();
    jdbc.sql(
            "UPDATE parcel_enterprise SET floor_area_share = floor_area_share / 2"
                + " WHERE parcel_id = :p AND enterprise_id = :e")
        .params(link)
        .update();
    assertAsComputed(year, true, "a share halved by SQL");
    jdbc.sql("DELETE FROM parcel_enterprise WHERE parcel_id = :p AND enterprise_id = :e")
        .params(link)
        .update();
    assertAsComputed(year, true, "a holder deleted by SQL");
    jdbc.sql(
            "INSERT INTO parcel_enterprise (parcel_id, enterprise_id, floor_area_share, since)"
                + " VALUES (:p, :e, :s, :since)")
        .params(link)
        .update();
    assertAsComputed(year, true, "the holder put back by SQL");

    // breaches written by SQL: the year is forgotten at once, and the summary counts them live
    jdbc.sql(
            "UPDATE parcel_breach SET kinds = kinds || 'TEST_KIND'::text WHERE year = :y"
                + " AND parcel_id = (SELECT min(parcel_id) FROM parcel_breach WHERE year = :y"
                + " AND cluster_id = :c)")
        .param("y", year)
        .param("c", cluster)
        .update();
    assertAsComputed(year, false, "a breach written by SQL");
    assertThat(summary(cluster, year).get("breaches").get("TEST_KIND").asLong()).isEqualTo(1);

    // the recompute computes the breaches again and keeps the year again, in its transaction
    recompute(year);
    assertAsComputed(year, true, "the recompute");
    assertThat(summary(cluster, year).get("breaches").has("TEST_KIND")).isFalse();

    // figures written by SQL forget the year too
    jdbc.sql(
            "UPDATE enterprise_efficiency SET output = output * 2 WHERE year = :y AND enterprise_id"
                + " = :e")
        .param("y", year)
        .param("e", link.get("e"))
        .update();
    assertAsComputed(year, false, "a figure written by SQL");
    recompute(year);
    assertAsComputed(year, true, "the second recompute");
  }

  @Test
  void theAnsweredBreachesOfADistrictAreItsOwn() throws Exception {
    int year = jdbc.sql("SELECT max(year) FROM parcel_breach").query(Integer.class).single();
    Map<String, Double> live = rows(LIVE_BREACHES, year);
    String district = "440604";
    JsonNode s =
        expect(
            200,
            "GET",
            "/api/efficiency/summary?level=district&code=" + district + "&year=" + year,
            "planner",
            null);
    Map<String, Double> answered = new TreeMap<>();
    s.get("breaches")
        .properties()
        .forEach(
            e -> answered.put("district " + district + " " + e.getKey(), e.getValue().asDouble()));
    Map<String, Double> expected = new TreeMap<>();
    live.forEach(
        (k, v) -> {
          if (k.startsWith("district " + district + " ")) {
            expected.put(k, v);
          }
        });
    assertThat(answered).isEqualTo(expected);
  }
}
