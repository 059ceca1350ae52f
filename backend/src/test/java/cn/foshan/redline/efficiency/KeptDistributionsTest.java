package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.system.SqlFiles;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The distributions of the planner's chart that the recompute keeps (V37) are the distributions
 * computed from the figures (select_distribution.sql): after the start's recompute, after figures
 * written or deleted by plain SQL (the year is forgotten in the writer's transaction and computed
 * from the figures until the next recompute), and after a recompute; and the endpoint answers from
 * them.
 */
class KeptDistributionsTest extends EditingTest {

  private static final List<String> INDICATORS =
      List.of(
          "taxPerMu",
          "outputPerMu",
          "valueAddedPerMu",
          "investmentPerMu",
          "valueAddedPerEnergy",
          "labourProductivity",
          "rdShare");

  private final String live = SqlFiles.load("efficiency/select_distribution.sql");

  /** The scopes asked: the city, each district, three clusters (parcels only). */
  private List<String[]> scopes(int year) {
    List<String[]> scopes = new ArrayList<>();
    scopes.add(new String[] {"city", ""});
    jdbc.sql("SELECT code FROM district ORDER BY code")
        .query(String.class)
        .list()
        .forEach(d -> scopes.add(new String[] {"district", d}));
    jdbc.sql(
            "SELECT DISTINCT cluster_id FROM parcel_efficiency WHERE year = :y"
                + " AND cluster_id IS NOT NULL ORDER BY 1 LIMIT 3")
        .param("y", year)
        .query(Long.class)
        .list()
        .forEach(c -> scopes.add(new String[] {"cluster", c.toString()}));
    return scopes;
  }

  /** The bins computed from the figures: from, to, count. */
  private List<List<Object>> liveBins(String level, String indicator, int year, String[] scope) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("level", level);
    p.put("indicator", indicator);
    p.put("year", year);
    p.put("bins", 20);
    p.put("district", scope[0].equals("district") ? scope[1] : null);
    p.put("cluster", scope[0].equals("cluster") ? Long.valueOf(scope[1]) : null);
    return jdbc.sql(live)
        .params(p)
        .query(
            (rs, n) ->
                List.<Object>of(rs.getDouble("lower"), rs.getDouble("upper"), rs.getLong("count")))
        .list();
  }

  /** The bins the database keeps for the scope (empty when not kept). */
  private List<List<Object>> keptBins(String level, String indicator, int year, String[] scope) {
    return jdbc.sql(
            "SELECT lo + (hi - lo) * (bin - 1) / 20 AS lower, lo + (hi - lo) * bin / 20 AS upper, n"
                + " FROM efficiency_distribution WHERE year = :y AND level = :l AND indicator = :i"
                + " AND scope = :s AND code = :c AND bins = 20 ORDER BY bin")
        .param("y", year)
        .param("l", level)
        .param("i", indicator)
        .param("s", scope[0])
        .param("c", scope[1])
        .query((rs, n) -> List.<Object>of(rs.getDouble(1), rs.getDouble(2), rs.getLong(3)))
        .list();
  }

  /** The bins the endpoint answers, as the planner asks for them. */
  private List<List<Object>> answered(String level, String indicator, int year, String[] scope)
      throws Exception {
    String path =
        "/api/efficiency/distribution?bins=20&level="
            + level
            + "&indicator="
            + indicator
            + "&year="
            + year
            + (scope[0].equals("city") ? "" : "&" + scope[0] + "=" + scope[1]);
    JsonNode d = expect(200, "GET", path, "planner", null);
    List<List<Object>> bins = new ArrayList<>();
    d.get("bins")
        .forEach(
            b ->
                bins.add(
                    List.<Object>of(
                        b.get("from").asDouble(),
                        b.get("to").asDouble(),
                        b.get("count").asLong())));
    return bins;
  }

  private boolean kept(int year) {
    return jdbc.sql("SELECT count(*) FROM efficiency_distribution_kept WHERE year = :y")
            .param("y", year)
            .query(Long.class)
            .single()
        == 1;
  }

  /** Every kept distribution of the year, and the endpoint's answers, are the live ones. */
  private void assertAsComputed(int year, boolean keptExpected, String after) throws Exception {
    assertThat(kept(year)).as("year %d kept after %s", year, after).isEqualTo(keptExpected);
    for (String level : List.of("parcel", "enterprise")) {
      for (String indicator : INDICATORS) {
        for (String[] scope : scopes(year)) {
          if (level.equals("enterprise") && scope[0].equals("cluster")) {
            continue;
          }
          List<List<Object>> computed = liveBins(level, indicator, year, scope);
          String what = level + " " + indicator + " " + String.join(" ", scope) + " after " + after;
          if (keptExpected) {
            assertThat(keptBins(level, indicator, year, scope))
                .as("kept: " + what)
                .isEqualTo(computed);
          }
          assertThat(answered(level, indicator, year, scope))
              .as("answered: " + what)
              .isEqualTo(computed);
        }
      }
    }
  }

  @Test
  void theKeptDistributionsAreTheFiguresDistributionsAfterEveryKindOfWrite() throws Exception {
    // the latest year whose grades are not published (a published year is never recomputed: the
    // demo city publishes its last two)
    int year =
        jdbc.sql(
                "SELECT max(year) FROM parcel_efficiency e"
                    + " WHERE NOT EXISTS (SELECT 1 FROM grade_publication p WHERE p.year = e.year)")
            .query(Integer.class)
            .single();
    List<Integer> years =
        jdbc.sql("SELECT DISTINCT year FROM parcel_efficiency ORDER BY 1")
            .query(Integer.class)
            .list();
    // the start's recompute kept every year with figures
    assertThat(
            jdbc.sql("SELECT year FROM efficiency_distribution_kept ORDER BY 1")
                .query(Integer.class)
                .list())
        .isEqualTo(years);
    assertAsComputed(year, true, "the start");
    // the figures as a recompute makes them now (other classes share this city and edit its
    // parcels after the start's recompute), so that the last recompute below can be compared
    expect(200, "POST", "/api/efficiency/recompute?year=" + year, "bureau", null);
    assertAsComputed(year, true, "a first recompute");

    // the endpoint answers from what is kept: a kept count changed by hand is what it says
    List<List<Object>> city = answered("parcel", "taxPerMu", year, new String[] {"city", ""});
    jdbc.sql(
            "UPDATE efficiency_distribution SET n = n + 1000 WHERE year = :y AND level = 'parcel'"
                + " AND indicator = 'taxPerMu' AND scope = 'city' AND bin = 1")
        .param("y", year)
        .update();
    assertThat(answered("parcel", "taxPerMu", year, new String[] {"city", ""}).get(0).get(2))
        .isEqualTo((Long) city.get(0).get(2) + 1000);

    long parcel =
        jdbc.sql("SELECT min(parcel_id) FROM parcel_efficiency WHERE year = :y AND tax_per_mu > 0")
            .param("y", year)
            .query(Long.class)
            .single();
    // figures written by SQL (as psql would): the year is forgotten at once, and the endpoint
    // computes the distributions from the figures as they are now
    jdbc.sql("UPDATE parcel_efficiency SET tax = tax * 50 WHERE year = :y AND parcel_id = :p")
        .param("y", year)
        .param("p", parcel)
        .update();
    assertThat(kept(year)).isFalse();
    assertThat(kept(years.get(0))).as("the other years stay kept").isEqualTo(years.get(0) != year);
    assertThat(answered("parcel", "taxPerMu", year, new String[] {"city", ""}))
        .isNotEqualTo(city)
        .isEqualTo(liveBins("parcel", "taxPerMu", year, new String[] {"city", ""}));
    assertAsComputed(year, false, "a figure written by SQL");

    // the recompute computes the figures again and keeps the year again, in its transaction
    expect(200, "POST", "/api/efficiency/recompute?year=" + year, "bureau", null);
    assertAsComputed(year, true, "the recompute");
    assertThat(answered("parcel", "taxPerMu", year, new String[] {"city", ""})).isEqualTo(city);

    // a year's figures deleted: nothing kept for it, nothing answered
    jdbc.sql(
            "DELETE FROM enterprise_efficiency WHERE year = :y AND enterprise_id IN"
                + " (SELECT enterprise_id FROM enterprise_efficiency WHERE year = :y LIMIT 1)")
        .param("y", year)
        .update();
    assertThat(kept(year)).isFalse();
    assertThat(
            jdbc.sql("SELECT count(*) FROM efficiency_distribution WHERE year = :y")
                .param("y", year)
                .query(Long.class)
                .single())
        .isZero();
    expect(200, "POST", "/api/efficiency/recompute?year=" + year, "bureau", null);
    assertAsComputed(year, true, "the second recompute");
  }
}
