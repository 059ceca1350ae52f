package cn.foshan.redline.reserve;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.TestDatabase;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The reserve ledger: stage transitions allowed and refused (with every reason), the ledger rows
 * the database writes (who, date, 文号), the 17,000-mu reserve counting READY pieces only, supply
 * creating the parcel and its supervision agreement, a district officer's proposal, and the
 * database refusing an illegal stage change made with plain SQL. Each test picks pieces no other
 * test touches (by stage and an offset of its own, never the lowest id, which EditingRulesTest
 * previews).
 */
class ReserveLedgerTest extends EditingTest {

  private static final String DOC = "佛自然资储〔2026〕7号";
  private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));

  /** A piece of this stage meeting (or not) the READY conditions, the n-th by id. */
  private long piece(String stage, boolean ready, int n) {
    return jdbc.sql(
            "SELECT id FROM reserve_land WHERE stage = :stage AND id > (SELECT min(id) FROM reserve_land)"
                + " AND (ownership = 'STATE' AND investment_per_mu IS NOT NULL AND tax_per_mu IS NOT NULL"
                + " AND plot_ratio_min IS NOT NULL AND energy_per_10k_cny_tce IS NOT NULL"
                + " AND environmental_terms IS NOT NULL AND area_m2 > 100 * 666.67) = :ready"
                + " ORDER BY id OFFSET :n LIMIT 1")
        .param("stage", stage)
        .param("ready", ready)
        .param("n", n)
        .query(Long.class)
        .single();
  }

  private Map<String, Object> move(String to, String document) {
    Map<String, Object> body = new HashMap<>();
    body.put("to", to);
    body.put("documentNumber", document);
    return body;
  }

  private JsonNode transition(int status, String user, long id, String to) throws Exception {
    return expect(
        status,
        "POST",
        "/api/reserve/" + id + "/transitions",
        user,
        move(to, DOC),
        "If-Match",
        "\"" + version("reserve_land", id) + "\"");
  }

  private List<String> reasons(JsonNode problem) {
    List<String> codes = new ArrayList<>();
    problem.get("reasons").forEach(r -> codes.add(r.get("code").asString()));
    return codes;
  }

  private double readyMuBySql() {
    return jdbc.sql("SELECT sum(area_m2) / (10000.0 / 15) FROM reserve_land WHERE stage = 'READY'")
        .query(Double.class)
        .single();
  }

  private double areaMu(long id) {
    return jdbc.sql("SELECT area_m2 / (10000.0 / 15) FROM reserve_land WHERE id = :id")
        .param("id", id)
        .query(Double.class)
        .single();
  }

  @Test
  void summaryCountsOnlyReadyPiecesEllipsoidally() throws Exception {
    JsonNode summary = expect(200, "GET", "/api/reserve/summary", null, null);
    assertThat(summary.get("targetMu").asDouble()).isEqualTo(17000.0);
    assertThat(summary.get("readyMu").asDouble()).isCloseTo(readyMuBySql(), within(0.01));
    // the byStage figures are each stage's own sum, READY the same as readyMu
    for (String stage : List.of("ACQUIRED", "PREPARING", "READY", "SUPPLIED", "STARTED")) {
      double bySql =
          jdbc.sql(
                  "SELECT coalesce(sum(ST_Area(geom::geography)), 0) / (10000.0 / 15) FROM reserve_land"
                      + " WHERE stage = :stage")
              .param("stage", stage)
              .query(Double.class)
              .single();
      assertThat(summary.at("/byStage/" + stage).asDouble())
          .as(stage)
          .isCloseTo(bySql, within(0.01));
    }
    assertThat(summary.at("/byStage/READY").asDouble())
        .isEqualTo(summary.get("readyMu").asDouble());
    double districts = 0;
    double shares = 0;
    for (JsonNode d : summary.get("districts")) {
      double bySql =
          jdbc.sql(
                  "SELECT coalesce(sum(area_m2), 0) / (10000.0 / 15) FROM reserve_land"
                      + " WHERE stage = 'READY' AND district_code = :code")
              .param("code", d.get("code").asString())
              .query(Double.class)
              .single();
      assertThat(d.get("readyMu").asDouble())
          .as(d.get("code").asString())
          .isCloseTo(bySql, within(0.01));
      districts += d.get("readyMu").asDouble();
      shares += d.get("shareMu").asDouble();
      // a district below its share carries its warning
      assertThat(d.get("warning").isNull())
          .isEqualTo(d.get("readyMu").asDouble() >= d.get("shareMu").asDouble() * 1.05);
    }
    assertThat(summary.get("districts")).hasSize(5);
    assertThat(districts).isCloseTo(summary.get("readyMu").asDouble(), within(0.05));
    assertThat(shares).isCloseTo(17000.0, within(0.05));
    // 禅城's share: 17,000 × 21 / 450 km² of red-line minimums
    assertThat(summary.at("/districts/0/shareMu").asDouble()).isCloseTo(793.33, within(0.01));
    if (summary.get("readyMu").asDouble() < 17000) {
      assertThat(summary.get("status").asString()).isEqualTo("BELOW_TARGET");
    }
    assertThat(summary.get("warning").isNull())
        .isEqualTo(summary.get("status").asString().equals("OK"));
  }

  @Test
  void stagesMoveOneAtATimeWithDocumentAndVersion() throws Exception {
    long id = piece("ACQUIRED", false, 0);
    int v = version("reserve_land", id);
    String path = "/api/reserve/" + id + "/transitions";
    // no version: 428; a stale one: 412
    expect(428, "POST", path, "bureau", move("PREPARING", DOC));
    expect(412, "POST", path, "bureau", move("PREPARING", DOC), "If-Match", "\"" + (v + 7) + "\"");
    // skipping stages, going back, no document, a future date: 422 with every reason
    JsonNode skip = transition(422, "bureau", id, "READY");
    assertThat(skip.get("type").asString()).isEqualTo("/problems/transition-refused");
    assertThat(reasons(skip)).contains("skips-stage");
    Map<String, Object> bad = move("PREPARING", " ");
    bad.put("on", today.plusDays(3).toString());
    JsonNode refused = expect(422, "POST", path, "bureau", bad, "If-Match", "\"" + v + "\"");
    assertThat(reasons(refused)).containsExactly("document-required", "date-in-future");
    assertThat(refused.get("detail").asString()).contains("文号").contains("in the future");
    // a planner reads only
    expect(403, "POST", path, "planner", move("PREPARING", DOC), "If-Match", "\"" + v + "\"");
    assertThat(version("reserve_land", id)).isEqualTo(v);
    int ledgerBefore = ledger(id).size();

    // allowed: ACQUIRED → PREPARING, dated, by the bureau, citing its document
    Map<String, Object> ok = move("PREPARING", DOC);
    ok.put("on", today.minusDays(2).toString());
    JsonNode done = expect(200, "POST", path, "bureau", ok, "If-Match", "\"" + v + "\"");
    assertThat(done.get("status").asString()).isEqualTo("COMMITTED");
    assertThat(done.get("to").asString()).isEqualTo("PREPARING");
    assertThat(done.get("version").asInt()).isEqualTo(v + 1);
    JsonNode last = done.get("ledger").get(done.get("ledger").size() - 1);
    assertThat(done.get("ledger")).hasSize(ledgerBefore + 1);
    assertThat(last.get("stage").asString()).isEqualTo("PREPARING");
    assertThat(last.get("previousStage").asString()).isEqualTo("ACQUIRED");
    assertThat(last.get("enteredOn").asString()).isEqualTo(today.minusDays(2).toString());
    assertThat(last.get("actor").asString()).isEqualTo("bureau");
    assertThat(last.get("documentNumber").asString()).isEqualTo(DOC);
    assertThat(last.get("changeSetId").asLong()).isEqualTo(done.get("changeSetId").asLong());
    // the change went through the editing system: the piece's history names the change set
    JsonNode history =
        expect(200, "GET", "/api/layers/reserve_land/features/" + id + "/history", null, null);
    assertThat(history.get(0).get("changeSetId").asLong())
        .isEqualTo(done.get("changeSetId").asLong());
    assertThat(history.get(0).get("documentNumber").asString()).isEqualTo(DOC);
    // backwards is refused
    assertThat(reasons(transition(422, "bureau", id, "ACQUIRED"))).containsExactly("backwards");
  }

  private JsonNode ledger(long id) throws Exception {
    return expect(200, "GET", "/api/reserve/" + id + "/ledger", null, null).get("ledger");
  }

  @Test
  void readyNeedsStateLandStandardIndicatorsAndABlockLargeEnough() throws Exception {
    // a PREPARING piece without the conditions: collective land, indicators missing
    long id = piece("PREPARING", false, 0);
    Map<String, Object> strip = new HashMap<>();
    strip.put("ownership", "COLLECTIVE");
    strip.put("investmentPerMu", null);
    strip.put("environmentalTerms", null);
    expect(
        200,
        "PUT",
        "/api/layers/reserve_land/features/" + id,
        "bureau",
        Map.of("properties", strip, "reason", "测试：集体土地 test: collective land"),
        "If-Match",
        "\"" + version("reserve_land", id) + "\"");
    JsonNode refused = transition(422, "bureau", id, "READY");
    assertThat(reasons(refused)).containsExactly("not-state-owned", "indicators-missing");
    assertThat(refused.get("detail").asString())
        .contains("国有")
        .contains("investmentPerMu")
        .contains("environmentalTerms");

    // a new piece of about 16 mu inside a red-line polygon with no reserve land: meets every
    // condition but the block size (50 mu by default)
    JsonNode small =
        shape(
            "SELECT ST_Multi(ST_Intersection(r.geom, ST_Expand(ST_PointOnSurface(r.geom), 0.0005)))"
                + " FROM red_line r WHERE r.district_code = '440607'"
                + " AND NOT EXISTS (SELECT 1 FROM reserve_land s WHERE s.geom && r.geom)"
                + " AND ST_Area(r.geom::geography) > 1e6 ORDER BY r.id DESC LIMIT 1");
    Map<String, Object> props = new HashMap<>();
    props.put("name", "测试小地块 small test piece");
    props.put("stage", "PREPARING");
    props.put("stageSince", today.minusDays(30).toString());
    props.put("ownership", "STATE");
    props.put("investmentPerMu", 300);
    props.put("outputPerMu", 500);
    props.put("taxPerMu", 25);
    props.put("plotRatioMin", 1.5);
    props.put("energyPer10kCnyTce", 0.1);
    props.put("environmentalTerms", "废水接入园区污水处理厂");
    JsonNode created =
        expect(
            201,
            "POST",
            "/api/layers/reserve_land/features",
            "bureau",
            Map.of("geometry", small, "properties", props, "reason", "测试：新增储备 test: new piece"));
    long smallId = created.get("id").asLong();
    // its ledger starts at its stage, from its change set
    JsonNode started = ledger(smallId);
    assertThat(started).hasSize(1);
    assertThat(started.get(0).get("stage").asString()).isEqualTo("PREPARING");
    assertThat(started.get(0).get("actor").asString()).isEqualTo("bureau");
    JsonNode tooSmall = transition(422, "bureau", smallId, "READY");
    assertThat(reasons(tooSmall)).containsExactly("block-too-small");
    assertThat(tooSmall.get("detail").asString()).contains("50.0 mu");
    // the database holds every writer to it
    try (Connection c = TestDatabase.connect(SCHEMA);
        Statement st = c.createStatement()) {
      long cs = committedChangeSet(st, "psql: ready too small");
      assertThatThrownBy(
              () ->
                  st.execute(
                      "UPDATE reserve_land SET stage = 'READY', change_set_id = "
                          + cs
                          + " WHERE id = "
                          + smallId))
          .hasMessageContaining("contiguous block");
    }
    // the minimum is a setting of the city: at 10 mu the piece may become READY
    jdbc.sql("UPDATE city SET reserve_minimum_block_mu = 10").update();
    try {
      JsonNode ready = transition(200, "bureau", smallId, "READY");
      assertThat(ready.get("to").asString()).isEqualTo("READY");
    } finally {
      jdbc.sql("UPDATE city SET reserve_minimum_block_mu = 50").update();
    }
  }

  @Test
  void readyPiecesCountAndGoingBackToPreparingUncountsThem() throws Exception {
    long id = piece("PREPARING", true, 0);
    double before =
        expect(200, "GET", "/api/reserve/summary", null, null).get("readyMu").asDouble();
    transition(200, "bureau", id, "READY");
    double ready = expect(200, "GET", "/api/reserve/summary", null, null).get("readyMu").asDouble();
    assertThat(ready - before).isCloseTo(areaMu(id), within(0.02));
    assertThat(ready).isCloseTo(readyMuBySql(), within(0.01));
    // the one way back: READY → PREPARING (conditions found unmet), and it no longer counts
    JsonNode back = transition(200, "bureau", id, "PREPARING");
    assertThat(back.at("/ledger/" + (back.get("ledger").size() - 1) + "/previousStage").asString())
        .isEqualTo("READY");
    double after = expect(200, "GET", "/api/reserve/summary", null, null).get("readyMu").asDouble();
    assertThat(after).isCloseTo(before, within(0.02));
  }

  @Test
  void supplyingCreatesTheParcelAndItsSupervisionAgreement() throws Exception {
    long id = piece("READY", true, 3);
    double before =
        expect(200, "GET", "/api/reserve/summary", null, null).get("readyMu").asDouble();
    long parcelsBefore = jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single();
    Map<String, Object> body = move("SUPPLIED", "佛自然资供〔2026〕12号");
    body.put("on", today.minusDays(1).toString());
    JsonNode done =
        expect(
            200,
            "POST",
            "/api/reserve/" + id + "/transitions",
            "bureau",
            body,
            "If-Match",
            "\"" + version("reserve_land", id) + "\"");
    long parcelId = done.get("parcelId").asLong();
    assertThat(jdbc.sql("SELECT count(*) FROM parcel").query(Long.class).single())
        .isEqualTo(parcelsBefore + 1);
    // same shape, same change set, granted on the supply date
    Map<String, Object> parcel =
        jdbc.sql(
                "SELECT p.change_set_id, p.granted_on, p.land_use, p.grant_type,"
                    + " abs(p.area_m2 - r.area_m2) AS area_diff,"
                    + " ST_Area(ST_SymDifference(p.geom, r.geom)::geography) AS sym_diff"
                    + " FROM parcel p, reserve_land r WHERE p.id = :p AND r.id = :r")
            .param("p", parcelId)
            .param("r", id)
            .query()
            .singleRow();
    assertThat(((Number) parcel.get("change_set_id")).longValue())
        .isEqualTo(done.get("changeSetId").asLong());
    assertThat(parcel.get("granted_on").toString()).isEqualTo(today.minusDays(1).toString());
    // a new parcel gets the current classification's code (2023: 1001); the surveys' GB/T 21010
    // codes stay, each mapped to the current one
    assertThat(parcel.get("land_use")).isEqualTo("1001");
    assertThat(
            jdbc.sql(
                    "SELECT string_agg(code || '>' || land_use_current(code), ' ' ORDER BY code)"
                        + " FROM land_use WHERE code IN ('0601', '0602', '0604', '1001', '100102')")
                .query(String.class)
                .single())
        .isEqualTo("0601>1001 0602>1002 0604>1101 1001>1001 100102>1001");
    assertThat((Double) parcel.get("sym_diff")).isLessThan(1.0);
    // the agreement: targets from the piece's standard-land indicators, standard-land dates
    Map<String, Object> agreement =
        jdbc.sql(
                "SELECT a.investment_per_mu = r.investment_per_mu AND a.tax_per_mu = r.tax_per_mu"
                    + " AND a.plot_ratio_min = r.plot_ratio_min"
                    + " AND a.output_per_mu IS NOT DISTINCT FROM r.output_per_mu AS targets_match,"
                    + " a.signed_on, a.start_works_by - a.signed_on AS days_to_start, a.contract_number,"
                    + " a.change_set_id"
                    + " FROM supervision_agreement a, reserve_land r WHERE a.parcel_id = :p AND r.id = :r")
            .param("p", parcelId)
            .param("r", id)
            .query()
            .singleRow();
    assertThat(agreement.get("targets_match")).isEqualTo(true);
    assertThat(agreement.get("signed_on").toString()).isEqualTo(today.minusDays(1).toString());
    assertThat(((Number) agreement.get("days_to_start")).intValue()).isEqualTo(180);
    assertThat(agreement.get("contract_number").toString()).endsWith("-R" + id);
    // the ledger row names the parcel; the reserve lost the piece
    JsonNode last = done.get("ledger").get(done.get("ledger").size() - 1);
    assertThat(last.get("stage").asString()).isEqualTo("SUPPLIED");
    assertThat(last.get("parcelId").asLong()).isEqualTo(parcelId);
    double after = expect(200, "GET", "/api/reserve/summary", null, null).get("readyMu").asDouble();
    assertThat(before - after).isCloseTo(areaMu(id), within(0.02));

    // start of works: STARTED, and the parcel gets its 动工 date
    JsonNode started = transition(200, "bureau", id, "STARTED");
    assertThat(started.get("to").asString()).isEqualTo("STARTED");
    assertThat(
            jdbc.sql("SELECT works_started_on FROM parcel WHERE id = :p")
                .param("p", parcelId)
                .query(LocalDate.class)
                .single())
        .isEqualTo(today);
    // nothing goes past STARTED
    assertThat(reasons(transition(422, "bureau", id, "READY"))).containsExactly("backwards");
  }

  @Test
  void aDistrictOfficerProposesAndTheBureauApproves() throws Exception {
    // a READY piece sent back to preparation by its district's officer
    long id = piece("READY", true, 9);
    String district =
        jdbc.sql("SELECT district_code FROM reserve_land WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    Map<String, String> officers =
        Map.of(
            "440604", "chancheng",
            "440605", "nanhai",
            "440606", "shunde",
            "440607", "sanshui",
            "440608", "gaoming");
    String officer = officers.get(district);
    String other = district.equals("440605") ? "shunde" : "nanhai";
    int v = version("reserve_land", id);
    // another district's officer may not
    expect(
        403,
        "POST",
        "/api/reserve/" + id + "/transitions",
        other,
        move("PREPARING", DOC),
        "If-Match",
        "\"" + v + "\"");
    JsonNode proposed =
        expect(
            202,
            "POST",
            "/api/reserve/" + id + "/transitions",
            officer,
            move("PREPARING", DOC),
            "If-Match",
            "\"" + v + "\"");
    assertThat(proposed.get("status").asString()).isEqualTo("PROPOSED");
    // nothing changed yet
    assertThat(version("reserve_land", id)).isEqualTo(v);
    expect(
        200,
        "POST",
        "/api/change-sets/" + proposed.get("changeSetId").asLong() + "/approve",
        "bureau",
        Map.of("comment", "同意 approved"));
    JsonNode piece = expect(200, "GET", "/api/reserve/" + id + "/ledger", null, null);
    assertThat(piece.get("stage").asString()).isEqualTo("PREPARING");
    JsonNode last = piece.get("ledger").get(piece.get("ledger").size() - 1);
    assertThat(last.get("actor").asString()).isEqualTo(officer);
    assertThat(last.get("documentNumber").asString()).isEqualTo(DOC);
  }

  @Test
  void aDistrictOfficersProposedSupplyGetsItsParcelAndAgreementWhenApproved() throws Exception {
    long id = piece("READY", true, 12);
    String district =
        jdbc.sql("SELECT district_code FROM reserve_land WHERE id = :id")
            .param("id", id)
            .query(String.class)
            .single();
    String officer =
        Map.of(
                "440604", "chancheng",
                "440605", "nanhai",
                "440606", "shunde",
                "440607", "sanshui",
                "440608", "gaoming")
            .get(district);
    JsonNode proposed = transition(202, officer, id, "SUPPLIED");
    long cs = proposed.get("changeSetId").asLong();
    // proposed: the piece, the parcels and the agreements are as they were
    assertThat(feature("reserve_land", id).at("/properties/stage").asString()).isEqualTo("READY");
    assertThat(
            jdbc.sql("SELECT count(*) FROM parcel WHERE change_set_id = :cs")
                .param("cs", cs)
                .query(Long.class)
                .single())
        .isZero();
    JsonNode edits = expect(200, "GET", "/api/change-sets/" + cs, "bureau", null).get("edits");
    assertThat(edits).hasSize(2);
    expect(200, "POST", "/api/change-sets/" + cs + "/approve", "bureau", Map.of("comment", "同意"));
    JsonNode piece = expect(200, "GET", "/api/reserve/" + id + "/ledger", null, null);
    assertThat(piece.get("stage").asString()).isEqualTo("SUPPLIED");
    long parcelId = piece.get("parcelId").asLong();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM supervision_agreement a JOIN parcel p ON p.id = a.parcel_id"
                        + " WHERE p.id = :p AND p.change_set_id = :cs AND a.change_set_id = :cs")
                .param("p", parcelId)
                .param("cs", cs)
                .query(Long.class)
                .single())
        .isEqualTo(1);
    JsonNode last = piece.get("ledger").get(piece.get("ledger").size() - 1);
    assertThat(last.get("actor").asString()).isEqualTo(officer);
    assertThat(last.get("parcelId").asLong()).isEqualTo(parcelId);
  }

  @Test
  void flowsAndStageDurationsComeFromTheLedger() throws Exception {
    JsonNode flows = expect(200, "GET", "/api/reserve/flows?months=120", null, null);
    assertThat(flows).hasSize(120);
    double readyIn = 0;
    for (JsonNode m : flows) {
      readyIn += m.get("readyInMu").asDouble();
    }
    double bySql =
        jdbc.sql(
                "SELECT coalesce(sum(r.area_m2), 0) / (10000.0 / 15) FROM reserve_land_stage l"
                    + " JOIN reserve_land r ON r.id = l.reserve_land_id WHERE l.stage = 'READY'"
                    + " AND l.entered_on >= date_trunc('month', (now() AT TIME ZONE 'Asia/Shanghai')::date) - interval '119 months'")
            .query(Double.class)
            .single();
    assertThat(readyIn).isCloseTo(bySql, within(0.5));
    assertThat(readyIn).isGreaterThan(0);
    expect(400, "GET", "/api/reserve/flows?months=0", null, null);
    expect(400, "GET", "/api/reserve/pieces?stage=DONE", null, null);
    JsonNode ready =
        expect(200, "GET", "/api/reserve/pieces?stage=READY&district=440606", null, null);
    assertThat(ready).isNotEmpty();
    ready.forEach(
        p -> {
          assertThat(p.get("stage").asString()).isEqualTo("READY");
          assertThat(p.get("districtCode").asString()).isEqualTo("440606");
        });
    expect(404, "GET", "/api/reserve/999999/ledger", null, null);
    JsonNode durations = expect(200, "GET", "/api/reserve/stage-durations", null, null);
    assertThat(durations).hasSize(4);
    assertThat(durations.get(0).get("stage").asString()).isEqualTo("ACQUIRED");
    assertThat(durations.get(0).get("finished").asInt()).isGreaterThan(0);
    assertThat(durations.get(0).get("medianDays").asDouble()).isGreaterThan(0);
  }

  @Test
  void theDatabaseRefusesIllegalStageChangesMadeWithPlainSql() throws Exception {
    long acquired = piece("ACQUIRED", false, 0);
    long ready = piece("READY", true, 6);
    try (Connection c = TestDatabase.connect(SCHEMA)) {
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        long cs = committedChangeSet(st, "psql: skip a stage");
        assertThatThrownBy(
                () ->
                    st.execute(
                        "UPDATE reserve_land SET stage = 'ACQUIRED', change_set_id = "
                            + cs
                            + " WHERE id = "
                            + ready))
            .hasMessageContaining("only READY may go back to PREPARING");
        c.rollback();
      }
      try (Statement st = c.createStatement()) {
        long cs = committedChangeSet(st, "psql: skip a stage");
        assertThatThrownBy(
                () ->
                    st.execute(
                        "UPDATE reserve_land SET stage = 'SUPPLIED', change_set_id = "
                            + cs
                            + " WHERE id = "
                            + acquired))
            .hasMessageContaining("cannot move from ACQUIRED to SUPPLIED");
        c.rollback();
      }
      // supplying without the parcel: refused when the transaction commits
      try (Statement st = c.createStatement()) {
        long cs = committedChangeSet(st, "psql: supply without a parcel");
        st.execute(
            "UPDATE reserve_land SET stage = 'SUPPLIED', change_set_id = "
                + cs
                + " WHERE id = "
                + ready);
        assertThatThrownBy(c::commit).hasMessageContaining("needs the new parcel");
        c.rollback();
      }
      // a legal change by SQL writes its ledger row from its change set
      try (Statement st = c.createStatement()) {
        long cs = committedChangeSet(st, "psql: prepare");
        st.execute(
            "UPDATE reserve_land SET stage = 'PREPARING', stage_since = current_date, change_set_id = "
                + cs
                + " WHERE id = "
                + acquired);
        c.commit();
        var rs =
            st.executeQuery(
                "SELECT actor, document_number, previous_stage FROM reserve_land_stage"
                    + " WHERE reserve_land_id = "
                    + acquired
                    + " AND change_set_id = "
                    + cs);
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo("psql-user");
        assertThat(rs.getString(2)).isEqualTo("佛测〔2026〕9号");
        assertThat(rs.getString(3)).isEqualTo("ACQUIRED");
        c.commit();
      }
    }
  }

  private static long committedChangeSet(Statement st, String reason) throws Exception {
    var rs =
        st.executeQuery(
            "INSERT INTO change_set (author, reason, document_number, committed_at)"
                + " VALUES ('psql-user', '"
                + reason
                + "', '佛测〔2026〕9号', now()) RETURNING id");
    rs.next();
    return rs.getLong(1);
  }
}
