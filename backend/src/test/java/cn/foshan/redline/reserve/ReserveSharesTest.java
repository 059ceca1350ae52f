package cn.foshan.redline.reserve;

import static cn.foshan.redline.TestDatabase.refused;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The districts' shares of the 17,000-mu reserve as a setting the bureau edits (V65, issue 15): the
 * proportional default, a split set through the API under a change set with its 文号 (and what the
 * reserve summary then measures each district against), the refusals (a role that may not, a split
 * short of the target or missing a district, a stale version), the way back, and the same rules for
 * a person's own login and the owner in psql.
 *
 * <p>The default, worked out by hand: the minimums are 21 + 190 + 111 + 75 + 53 = 450 km², so 禅城
 * 17,000 × 21 ÷ 450 = 793.33, 南海 × 190 ÷ 450 = 7,177.78, 顺德 × 111 ÷ 450 = 4,193.33, 三水 × 75 ÷ 450 =
 * 2,833.33, 高明 × 53 ÷ 450 = 2,002.22 mu.
 */
class ReserveSharesTest extends EditingTest {

  private static final String PATH = "/api/reserve/shares";
  private static final String PERSON = TestDatabase.PERSON;

  /** 禅城 1,000 · 南海 7,000 · 顺德 4,000 · 三水 3,000 · 高明 2,000: 17,000 mu. */
  private static Map<String, Object> split(double chancheng) {
    Map<String, Object> shares = new LinkedHashMap<>();
    shares.put("440604", chancheng);
    shares.put("440605", 7000);
    shares.put("440606", 4000);
    shares.put("440607", 3000);
    shares.put("440608", 2000);
    return shares;
  }

  private static Map<String, Object> request(Map<String, Object> shares, String reason) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("shares", shares);
    body.put("reason", reason);
    body.put("documentNumber", "佛自然资储〔2026〕21号");
    return body;
  }

  private String etag() throws Exception {
    HttpResponse<byte[]> r = send("GET", PATH, "planner", null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.headers().firstValue("ETag").orElseThrow();
  }

  private static double share(JsonNode districts, String code, String field) {
    for (JsonNode d : districts) {
      if (d.get("code").asText().equals(code)) {
        return d.get(field).asDouble();
      }
    }
    throw new AssertionError("no district " + code);
  }

  @AfterEach
  void backToTheDefault() {
    // the owner alone may clear the setting (an empty table is the proportional split)
    jdbc.sql("DELETE FROM reserve_share").update();
  }

  @Test
  void theBureauSetsTheSplitUnderAChangeSetAndTheSummaryMeasuresEachDistrictAgainstIt()
      throws Exception {
    JsonNode before = expect(200, "GET", PATH, "planner", null);
    assertThat(before.get("rule").asText()).isEqualTo("PROPORTIONAL_TO_MINIMUM");
    assertThat(before.get("note").asText()).contains("assumption");
    JsonNode d = before.get("districts");
    assertThat(share(d, "440604", "shareMu")).isEqualTo(793.33);
    assertThat(share(d, "440605", "shareMu")).isEqualTo(7177.78);
    assertThat(share(d, "440606", "shareMu")).isEqualTo(4193.34);
    assertThat(share(d, "440607", "shareMu")).isEqualTo(2833.33);
    assertThat(share(d, "440608", "shareMu")).isEqualTo(2002.22);
    assertThat(before.get("totalMu").asDouble()).isEqualTo(17000.0);
    String version = etag();

    // who may not, and a write that does not say what it read
    expect(403, "PUT", PATH, "planner", request(split(1000), "调整"), "If-Match", version);
    expect(403, "PUT", PATH, "nanhai", request(split(1000), "调整"), "If-Match", version);
    expect(428, "PUT", PATH, "bureau", request(split(1000), "调整"));
    // short of the target by 0.01 mu, a district missing, a negative share: nothing written
    JsonNode short1 =
        expect(422, "PUT", PATH, "bureau", request(split(999.99), "调整"), "If-Match", version);
    assertThat(short1.get("detail").asText()).contains("16999.99").contains("少于全市目标");
    Map<String, Object> missing = split(1000);
    missing.remove("440608");
    assertThat(
            expect(422, "PUT", PATH, "bureau", request(missing, "调整"), "If-Match", version)
                .get("detail")
                .asText())
        .contains("缺少高明区");
    expect(422, "PUT", PATH, "bureau", request(split(-1), "调整"), "If-Match", version);
    expect(422, "PUT", PATH, "bureau", request(split(1000), " "), "If-Match", version);
    assertThat(etag()).isEqualTo(version);

    // the split, with its reason and 文号
    JsonNode set =
        expect(
            200,
            "PUT",
            PATH,
            "bureau",
            request(split(1000), "按各区产业项目需求调整储备份额"),
            "If-Match",
            version);
    assertThat(set.get("rule").asText()).isEqualTo("SET_BY_BUREAU");
    assertThat(set.get("totalMu").asDouble()).isEqualTo(17000.0);
    assertThat(set.get("documentNumber").asText()).isEqualTo("佛自然资储〔2026〕21号");
    assertThat(set.get("updatedBy").asText()).isEqualTo("bureau");
    assertThat(share(set.get("districts"), "440604", "shareMu")).isEqualTo(1000.0);
    assertThat(share(set.get("districts"), "440604", "proportionalMu")).isEqualTo(793.33);
    Map<String, Object> changeSet =
        jdbc.sql("SELECT author, reason, document_number, status FROM change_set WHERE id = :id")
            .param("id", set.get("changeSetId").asLong())
            .query()
            .singleRow();
    assertThat(changeSet)
        .containsEntry("author", "bureau")
        .containsEntry("document_number", "佛自然资储〔2026〕21号")
        .containsEntry("status", "COMMITTED");
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM reserve_share_history WHERE change_set_id = :cs"
                        + " AND previous_mu IS NULL AND written_by = 'bureau'")
                .param("cs", set.get("changeSetId").asLong())
                .query(Long.class)
                .single())
        .isEqualTo(5);

    // the summary measures each district against its share: 禅城 1,000 mu, 1000 / 17000 of it
    JsonNode summary = expect(200, "GET", "/api/reserve/summary", null, null);
    assertThat(summary.get("shareRule").asText()).contains("set by the bureau");
    JsonNode chancheng = null;
    for (JsonNode x : summary.get("districts")) {
      if (x.get("code").asText().equals("440604")) {
        chancheng = x;
      }
    }
    assertThat(chancheng.get("shareMu").asDouble()).isEqualTo(1000.0);
    assertThat(chancheng.get("shareRatio").asDouble()).isCloseTo(1000.0 / 17000, within(1e-6));
    assertThat(chancheng.get("marginMu").asDouble())
        .isCloseTo(chancheng.get("readyMu").asDouble() - 1000, within(0.01));

    // an edit made against the version before is stale
    expect(412, "PUT", PATH, "bureau", request(split(1200), "再调整"), "If-Match", version);
    // back to the proportional split, recorded as a change set of its own
    String now = etag();
    JsonNode reset =
        expect(
            200,
            "DELETE",
            PATH + "?reason=%E6%81%A2%E5%A4%8D&documentNumber=X1",
            "bureau",
            null,
            "If-Match",
            now);
    assertThat(reset.get("rule").asText()).isEqualTo("PROPORTIONAL_TO_MINIMUM");
    assertThat(share(reset.get("districts"), "440604", "shareMu")).isEqualTo(793.33);
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM reserve_share_history"
                        + " WHERE share_mu IS NULL AND written_by = 'bureau'")
                .query(Long.class)
                .single())
        .isEqualTo(5);
    expect(409, "DELETE", PATH + "?reason=x", "bureau", null, "If-Match", etag());
    // the proportional split saved as it is shown (the dialog's first values) is accepted
    Map<String, Object> shown = new LinkedHashMap<>();
    for (JsonNode x : reset.get("districts")) {
      shown.put(x.get("code").asText(), x.get("shareMu").decimalValue());
    }
    JsonNode saved =
        expect(200, "PUT", PATH, "bureau", request(shown, "确认按比例"), "If-Match", etag());
    assertThat(saved.get("rule").asText()).isEqualTo("SET_BY_BUREAU");
    assertThat(share(saved.get("districts"), "440606", "shareMu")).isEqualTo(4193.34);
  }

  @Test
  void theSameRulesHoldInPsql() throws Exception {
    personIsBureau();
    // a change set committed in the transaction, then a split naming it (禅城's share given)
    String changeSetSql =
        "INSERT INTO change_set (reason, document_number, status, committed_at)"
            + " VALUES ('psql', 'P1', 'COMMITTED', now())";
    String cs = "(SELECT max(id) FROM change_set WHERE reason = 'psql')";
    java.util.function.IntFunction<String> splitSql =
        chancheng ->
            "INSERT INTO reserve_share (district_code, share_mu, change_set_id) VALUES"
                + " ('440604', "
                + chancheng
                + ", "
                + cs
                + "), ('440605', 7000, "
                + cs
                + "), ('440606', 4000, "
                + cs
                + "), ('440607', 3000, "
                + cs
                + "), ('440608', 2000, "
                + cs
                + ")";
    long changeSet;
    try (Connection c = TestDatabase.person(SCHEMA)) {
      // without a change set committed with it
      refused(
          c,
          "INSERT INTO reserve_share (district_code, share_mu, change_set_id)"
              + " VALUES ('440604', 17000, (SELECT min(id) FROM change_set))",
          "同一事务");
      // short of the target, with the constraints made immediate: refused at the statement
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.execute("SET CONSTRAINTS ALL IMMEDIATE");
        st.execute(changeSetSql);
      }
      refused(c, splitSql.apply(999), "少于全市目标");
      c.rollback();
      // a whole split with its change set: kept, signed by the person
      try (Statement st = c.createStatement()) {
        st.execute(changeSetSql);
        st.execute(splitSql.apply(1000));
      }
      c.commit();
      c.setAutoCommit(true);
      changeSet =
          jdbc.sql("SELECT change_set_id FROM reserve_share WHERE district_code = '440604'")
              .query(Long.class)
              .single();
      assertThat(
              jdbc.sql("SELECT updated_by FROM reserve_share WHERE district_code = '440604'")
                  .query(String.class)
                  .single())
          .isEqualTo(PERSON);
      // a later write naming that change set, not one committed with it
      refused(
          c,
          "UPDATE reserve_share SET share_mu = 1100, change_set_id = "
              + changeSet
              + " WHERE district_code = '440604'",
          "同一事务");
      // no history written by hand
      refused(
          c,
          "INSERT INTO reserve_share_history (district_code, share_mu, written_by)"
              + " VALUES ('440604', 1, 'x')",
          "permission denied");
    }
    // the same person as a district officer sets nothing
    jdbc.sql("UPDATE app_user SET role = 'DISTRICT', district_code = '440605' WHERE username = :u")
        .param("u", PERSON)
        .update();
    try (Connection c = TestDatabase.person(SCHEMA)) {
      refused(c, "DELETE FROM reserve_share", "只有市自然资源局");
    }
    // the service's login acting for a planner neither
    try (Connection c = TestDatabase.actingFor(SCHEMA, "planner")) {
      refused(
          c, "UPDATE reserve_share SET share_mu = 0 WHERE district_code = '440604'", "只有市自然资源局");
    }
    // the owner: one district dropped, or the total below the target, is refused at COMMIT
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      refused(c, "DELETE FROM reserve_share WHERE district_code = '440608'", "缺少：高明区");
      refused(
          c, "UPDATE reserve_share SET share_mu = 999 WHERE district_code = '440604'", "少于全市目标");
    }
    assertThat(jdbc.sql("SELECT sum(share_mu) FROM reserve_share").query(Double.class).single())
        .isEqualTo(17000.0);
  }
}
