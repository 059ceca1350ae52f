package cn.foshan.redline.efficiency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.Multipart;
import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Idle land 闲置土地 by both clauses of the 2012 order, on hand-made cases (the agreement's dates and
 * terms and the parcel's progress set by the test, the answers worked out in the comments), its
 * disposal cases and their step path (refused out of order by the service and, for psql, by the
 * database), 违约金 of a breach tracked to payment, the import of the progress columns, and who may
 * read and write. Each test takes parcels of its own district or rank.
 */
class IdleLandTest extends EditingTest {

  private final LocalDate today = LocalDate.now(ZoneId.of("Asia/Shanghai"));
  private static final String BASE = "/api/efficiency/idle-land";

  /** A parcel with an agreement, works not started, no case, by district and rank. */
  private long notStarted(String district, int rank) {
    return jdbc.sql(
            "SELECT p.id FROM parcel p JOIN supervision_agreement sa ON sa.parcel_id = p.id"
                + " WHERE p.district_code = :d AND p.works_started_on IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM idle_land_case k WHERE k.parcel_id = p.id)"
                + " ORDER BY p.id OFFSET :r LIMIT 1")
        .param("d", district)
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  /** A parcel with an agreement, works started, not completed, no case, by district and rank. */
  private long started(String district, int rank) {
    return jdbc.sql(
            "SELECT p.id FROM parcel p JOIN supervision_agreement sa ON sa.parcel_id = p.id"
                + " WHERE p.district_code = :d AND p.works_started_on IS NOT NULL"
                + " AND p.completed_on IS NULL"
                + " AND NOT EXISTS (SELECT 1 FROM idle_land_case k WHERE k.parcel_id = p.id)"
                + " ORDER BY p.id OFFSET :r LIMIT 1")
        .param("d", district)
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  /** The agreement signed and works due on {@code start}; its grant price and total investment. */
  private void agree(long parcel, LocalDate start, String price, String totalInvestment) {
    jdbc.sql(
            "UPDATE supervision_agreement SET signed_on = :s, start_works_by = :s,"
                + " complete_by = CAST(:s AS date) + 730, start_production_by = CAST(:s AS date)"
                + " + 910, grant_price_10k_cny = CAST(:price AS numeric), total_investment_10k_cny"
                + " = CAST(:total AS numeric) WHERE parcel_id = :p")
        .param("s", start)
        .param("price", price)
        .param("total", totalInvestment)
        .param("p", parcel)
        .update();
  }

  private String code(long parcel) {
    return jdbc.sql("SELECT code FROM parcel WHERE id = :p")
        .param("p", parcel)
        .query(String.class)
        .single();
  }

  private String district(long parcel) {
    return jdbc.sql("SELECT district_code FROM parcel WHERE id = :p")
        .param("p", parcel)
        .query(String.class)
        .single();
  }

  /** The parcel as the idle-land list shows it on a day, or null when it is not idle. */
  private JsonNode idle(long parcel, LocalDate asOf) throws Exception {
    JsonNode page =
        expect(
            200,
            "GET",
            BASE + "/parcels?limit=1000&asOf=" + asOf + "&district=" + district(parcel),
            "planner",
            null);
    for (JsonNode item : page.get("items")) {
      if (item.get("parcelId").asLong() == parcel) {
        return item;
      }
    }
    return null;
  }

  @Test
  void clauseOneCountsFullYearsFromTheAgreedStartAndTheFeeIsTwentyPercent() throws Exception {
    long p = notStarted("440604", 0);
    LocalDate start = LocalDate.of(2023, 4, 10);
    agree(p, start, "1234.56", null);
    // 2024-04-09: one day short of a full year → not idle
    assertThat(idle(p, LocalDate.of(2024, 4, 9))).isNull();
    // 2024-04-10: 满一年 → idle, clause NOT_STARTED, 1 year, fee = 20% × 1234.56 = 246.912 → 246.91
    JsonNode oneYear = idle(p, LocalDate.of(2024, 4, 10));
    assertThat(oneYear).isNotNull();
    assertThat(oneYear.get("clause").asText()).isEqualTo("NOT_STARTED");
    assertThat(oneYear.get("since").asText()).isEqualTo("2023-04-10");
    assertThat(oneYear.get("years").asInt()).isEqualTo(1);
    assertThat(oneYear.get("disposal").asText()).isEqualTo("FEE");
    assertThat(oneYear.get("fee10kCny").decimalValue()).isEqualByComparingTo("246.91");
    // 2025-04-09: still 1 full year; 2025-04-10: 2 full years → taken back
    assertThat(idle(p, LocalDate.of(2025, 4, 9)).get("years").asInt()).isEqualTo(1);
    JsonNode twoYears = idle(p, LocalDate.of(2025, 4, 10));
    assertThat(twoYears.get("years").asInt()).isEqualTo(2);
    assertThat(twoYears.get("disposal").asText()).isEqualTo("TAKE_BACK");
    // the clause filter keeps it among NOT_STARTED and out of STOPPED
    JsonNode stopped =
        expect(
            200,
            "GET",
            BASE + "/parcels?limit=1000&clause=STOPPED&asOf=2025-04-10&district=440604",
            "planner",
            null);
    assertThat(stopped.get("items").findValues("parcelId").stream().map(JsonNode::asLong))
        .doesNotContain(p);
  }

  /** The parcel's progress of a year (its other years removed). */
  private void progress(long parcel, int year, String developed, String invested, LocalDate stop) {
    jdbc.sql("DELETE FROM parcel_progress WHERE parcel_id = :p").param("p", parcel).update();
    jdbc.sql(
            "INSERT INTO parcel_progress (parcel_id, year, developed_area_m2, invested_10k_cny,"
                + " works_stopped_on) VALUES (:p, :y, CAST(:d AS numeric), CAST(:i AS numeric), :s)")
        .param("p", parcel)
        .param("y", year)
        .param("d", developed)
        .param("i", invested)
        .param("s", stop)
        .update();
  }

  @Test
  void clauseTwoByAreaOrByInvestmentOnceStoppedAFullYear() throws Exception {
    long p = started("440605", 0);
    LocalDate startedOn =
        jdbc.sql("SELECT works_started_on FROM parcel WHERE id = :p")
            .param("p", p)
            .query(LocalDate.class)
            .single();
    agree(p, startedOn, "800", "1000");
    double area =
        jdbc.sql("SELECT area_m2 FROM parcel WHERE id = :p")
            .param("p", p)
            .query(Double.class)
            .single();
    LocalDate stop = startedOn.plusDays(10);
    LocalDate year = stop.plusYears(1);
    // a third of the area, rounded up to 0.1 m², is not under a third; 25% of 1000 = 250 is not
    // under 25%: not idle
    String third = java.math.BigDecimal.valueOf(Math.ceil(area / 3 * 10) / 10).toPlainString();
    progress(p, stop.getYear(), third, "250", stop);
    assertThat(idle(p, year)).isNull();
    // by area: 0.1 m² under a third of the parcel, stopped a full year → idle, clause STOPPED
    String under =
        java.math.BigDecimal.valueOf(Math.floor(area / 3 * 10) / 10 - 0.1).toPlainString();
    progress(p, stop.getYear(), under, "250", stop);
    JsonNode byArea = idle(p, year);
    assertThat(byArea.get("clause").asText()).isEqualTo("STOPPED");
    assertThat(byArea.get("since").asText()).isEqualTo(stop.toString());
    assertThat(byArea.get("years").asInt()).isEqualTo(1);
    // fee = 20% × 800 = 160.00
    assertThat(byArea.get("fee10kCny").decimalValue()).isEqualByComparingTo("160.00");
    // a day short of a full year stopped → not idle
    assertThat(idle(p, year.minusDays(1))).isNull();
    // by investment: a third developed but 249.99 of 1000 invested (under 25%) → idle
    progress(p, stop.getYear(), third, "249.99", stop);
    assertThat(idle(p, year).get("clause").asText()).isEqualTo("STOPPED");
    // not stopped → not idle, whatever the progress
    progress(p, stop.getYear(), "0", "0", null);
    assertThat(idle(p, year)).isNull();
  }

  private static Map<String, Object> step(String status, LocalDate date, Object... more) {
    Map<String, Object> body = new HashMap<>();
    body.put("status", status);
    body.put("date", date.toString());
    for (int i = 0; i < more.length; i += 2) {
      body.put((String) more[i], more[i + 1]);
    }
    return body;
  }

  /** A step of case {@code id} as the bureau takes it, answered with {@code status}. */
  private JsonNode step(int status, long id, String to, LocalDate date, Object... more)
      throws Exception {
    return expect(status, "POST", BASE + "/cases/" + id + "/steps", "bureau", step(to, date, more));
  }

  private JsonNode open(int status, long parcel, LocalDate notice, String number) throws Exception {
    return expect(
        status,
        "POST",
        BASE + "/cases",
        "bureau",
        Map.of("parcelCode", code(parcel), "noticeOn", notice.toString(), "noticeNumber", number));
  }

  @Test
  void aFeeCaseGoesNoticeHearingDecisionClosedAndNothingElse() throws Exception {
    long p = notStarted("440606", 0);
    // agreed start 400 days ago: on the decision (10 days ago) 390 days → 1 full year → FEE
    agree(p, today.minusDays(400), "1000", null);
    // not idle on a notice 40 days after the agreed start
    JsonNode early = open(422, p, today.minusDays(360), "佛自然资闲通〔2026〕91号");
    assertThat(early.get("detail").asText()).contains("不构成闲置土地").contains(code(p));
    JsonNode c = open(201, p, today.minusDays(30), "佛自然资闲通〔2026〕91号");
    long id = c.get("id").asLong();
    assertThat(c.get("status").asText()).isEqualTo("NOTIFIED");
    assertThat(c.get("clause").asText()).isEqualTo("NOT_STARTED");
    // a second open case on the parcel is refused
    open(409, p, today.minusDays(29), "佛自然资闲通〔2026〕92号");
    // out of order: closing a case only notified
    JsonNode skip = step(422, id, "CLOSED", today);
    assertThat(skip.get("detail").asText()).contains("下一步只能是");
    // a decision needs its 文号
    step(400, id, "DECIDED", today.minusDays(10));
    // a planner may not write
    expect(
        403,
        "POST",
        BASE + "/cases/" + id + "/steps",
        "planner",
        step("HEARING", today.minusDays(20), "documentNumber", "听〔2026〕1号"));
    step(200, id, "HEARING", today.minusDays(20), "documentNumber", "佛自然资听〔2026〕91号");
    JsonNode decided =
        step(200, id, "DECIDED", today.minusDays(10), "documentNumber", "佛自然资闲决〔2026〕91号");
    assertThat(decided.get("idleYears").asInt()).isEqualTo(1);
    assertThat(decided.get("disposal").asText()).isEqualTo("FEE");
    // 20% of 1000 = 200.00
    assertThat(decided.get("fee10kCny").decimalValue()).isEqualByComparingTo("200.00");
    // closing needs the fee paid in full
    JsonNode part = step(422, id, "CLOSED", today, "feePaid10kCny", 100);
    assertThat(part.get("detail").asText()).contains("缴清");
    JsonNode closed = step(200, id, "CLOSED", today, "feePaid10kCny", 200);
    assertThat(closed.get("status").asText()).isEqualTo("CLOSED");
    java.util.List<String> history = new java.util.ArrayList<>();
    closed.get("history").forEach(entry -> history.add(entry.get("status").asText()));
    assertThat(history).containsExactly("NOTIFIED", "HEARING", "DECIDED", "CLOSED");
    assertThat(closed.get("history").get(3).get("writtenBy").asText()).isEqualTo("bureau");

    // the database holds the path for psql too, and the history is append-only
    try (Connection conn = TestDatabase.connect(SCHEMA);
        Statement st = conn.createStatement()) {
      assertThatThrownBy(
              () -> st.execute("UPDATE idle_land_case SET status = 'DECIDED' WHERE id = " + id))
          .hasMessageContaining("下一步只能是");
      assertThatThrownBy(
              () -> st.execute("UPDATE idle_land_case SET fee_10k_cny = 1 WHERE id = " + id))
          .hasMessageContaining("已记录的步骤不能修改");
      assertThatThrownBy(
              () -> st.execute("DELETE FROM idle_land_case_history WHERE case_id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(() -> st.execute("DELETE FROM idle_land_case WHERE id = " + id))
          .hasMessageContaining("append-only");
    }
  }

  @Test
  void twoFullYearsTakeTheLandBackAndAGovernmentDelayRecordsItsRemedyWithoutFee() throws Exception {
    // agreed start exactly two years before the decision (5 days ago) → 2 full years → TAKE_BACK
    long back = notStarted("440607", 0);
    agree(back, today.minusDays(5).minusYears(2), "500", null);
    long id = open(201, back, today.minusDays(6), "佛自然资闲通〔2026〕93号").get("id").asLong();
    JsonNode decided =
        step(200, id, "DECIDED", today.minusDays(5), "documentNumber", "佛自然资闲决〔2026〕93号");
    assertThat(decided.get("idleYears").asInt()).isEqualTo(2);
    assertThat(decided.get("disposal").asText()).isEqualTo("TAKE_BACK");
    assertThat(decided.get("fee10kCny").isNull()).isTrue();

    // a day short of two years on the decision → FEE (1 full year)
    long fee = notStarted("440607", 1);
    agree(fee, today.minusDays(4).minusYears(2), "500", null);
    long feeCase = open(201, fee, today.minusDays(6), "佛自然资闲通〔2026〕94号").get("id").asLong();
    JsonNode one =
        step(200, feeCase, "DECIDED", today.minusDays(5), "documentNumber", "佛自然资闲决〔2026〕94号");
    assertThat(one.get("idleYears").asInt()).isEqualTo(1);
    assertThat(one.get("disposal").asText()).isEqualTo("FEE");
    assertThat(one.get("fee10kCny").decimalValue()).isEqualByComparingTo("100.00");

    // the government's delay: idle three years, yet no fee and no taking back, the remedy recorded
    long gov = notStarted("440607", 2);
    agree(gov, today.minusYears(3), "700", null);
    long govCase = open(201, gov, today.minusDays(3), "佛自然资闲通〔2026〕95号").get("id").asLong();
    JsonNode noRemedy =
        step(
            422,
            govCase,
            "DECIDED",
            today.minusDays(1),
            "documentNumber",
            "佛自然资闲决〔2026〕95号",
            "cause",
            "GOVERNMENT",
            "governmentReason",
            "规划调整");
    assertThat(noRemedy.get("detail").asText()).contains("政府原因");
    JsonNode remedied =
        step(
            200,
            govCase,
            "DECIDED",
            today.minusDays(1),
            "documentNumber",
            "佛自然资闲决〔2026〕95号",
            "cause",
            "GOVERNMENT",
            "governmentReason",
            "规划调整",
            "remedy",
            "EXTENSION");
    assertThat(remedied.get("cause").asText()).isEqualTo("GOVERNMENT");
    assertThat(remedied.get("disposal").asText()).isEqualTo("REMEDY");
    assertThat(remedied.get("remedy").asText()).isEqualTo("EXTENSION");
    assertThat(remedied.get("fee10kCny").isNull()).isTrue();

    // psql: a case cannot start decided, nor skip from notice to closed
    try (Connection conn = TestDatabase.connect(SCHEMA);
        Statement st = conn.createStatement()) {
      long other = notStarted("440607", 3);
      agree(other, today.minusYears(3), "700", null);
      assertThatThrownBy(
              () ->
                  st.execute(
                      "INSERT INTO idle_land_case (parcel_id, district_code, clause, idle_since,"
                          + " status, notice_on, notice_number) SELECT id, district_code,"
                          + " 'NOT_STARTED', current_date, 'DECIDED', current_date, 'x' FROM parcel"
                          + " WHERE id = "
                          + other))
          .hasMessageContaining("从通知开始");
      st.execute(
          "INSERT INTO idle_land_case (parcel_id, district_code, clause, idle_since, status,"
              + " notice_on, notice_number) SELECT id, district_code, 'NOT_STARTED', current_date,"
              + " 'NOTIFIED', current_date, '佛自然资闲通〔2026〕96号' FROM parcel WHERE id = "
              + other);
      assertThatThrownBy(
              () ->
                  st.execute(
                      "UPDATE idle_land_case SET status = 'CLOSED', closed_on = current_date"
                          + " WHERE parcel_id = "
                          + other))
          .hasMessageContaining("下一步只能是 HEARING 或 DECIDED");
    }
  }

  @Test
  void districtOfficersReadTheirDistrictPlannersReadAllOnlyTheBureauWrites() throws Exception {
    JsonNode own = expect(200, "GET", BASE + "/cases?limit=1000", "chancheng", null);
    for (JsonNode c : own.get("items")) {
      assertThat(c.get("district").asText()).isEqualTo("440604");
    }
    JsonNode other = expect(403, "GET", BASE + "/parcels?district=440605", "chancheng", null);
    assertThat(other.get("detail").asText()).startsWith("区级用户只能查看本区");
    expect(200, "GET", BASE + "/damages", "planner", null);
    expect(401, "GET", BASE + "/parcels", null, null);
    expect(
        403,
        "POST",
        BASE + "/cases",
        "chancheng",
        Map.of("parcelCode", "x", "noticeOn", "2026-01-01", "noticeNumber", "x"));
    expect(400, "GET", BASE + "/parcels?clause=LAZY", "planner", null);
  }

  @Test
  void damagesFollowTheAgreementsTermsAndArePaidNoMoreThanDue() throws Exception {
    long p = started("440608", 0);
    long agreement =
        jdbc.sql("SELECT id FROM supervision_agreement WHERE parcel_id = :p")
            .param("p", p)
            .query(Long.class)
            .single();
    jdbc.sql(
            "UPDATE supervision_agreement SET grant_price_10k_cny = 1000,"
                + " damages_per_day_permille = 0.5, damages_shortfall_share = 0.5 WHERE id = :a")
        .param("a", agreement)
        .update();
    // a check of 2013 with 30 days late to start and output per mu 240 against 300
    breach(
        p,
        agreement,
        2013,
        30,
        "[{\"indicator\": \"outputPerMu\", \"target\": 300, \"actual\": 240}]");
    // late: 1000 × 30 days × 0.5‰ = 15.00; shortfall: 1000 × 0.5 × (300 − 240) ÷ 300 = 100.00
    JsonNode d =
        expect(
            201,
            "POST",
            BASE + "/damages",
            "bureau",
            Map.of(
                "parcelCode", code(p),
                "year", 2013,
                "documentNumber", "佛自然资违〔2026〕91号",
                "assessedOn", today.minusDays(10).toString(),
                "dueOn", today.plusDays(50).toString()));
    assertThat(d.get("late10kCny").decimalValue()).isEqualByComparingTo("15.00");
    assertThat(d.get("shortfall10kCny").decimalValue()).isEqualByComparingTo("100.00");
    assertThat(d.get("amountDue10kCny").decimalValue()).isEqualByComparingTo("115.00");
    assertThat(d.get("status").asText()).isEqualTo("DUE");
    // the next year's check: 40 days late, 30 charged already → 10 × 0.5 = 5.00, no shortfall
    breach(p, agreement, 2014, 40, "[]");
    JsonNode next =
        expect(
            201,
            "POST",
            BASE + "/damages",
            "bureau",
            Map.of(
                "parcelCode",
                code(p),
                "year",
                2014,
                "documentNumber",
                "佛自然资违〔2026〕92号",
                "dueOn",
                today.plusDays(50).toString()));
    assertThat(next.get("daysCharged").asInt()).isEqualTo(10);
    assertThat(next.get("amountDue10kCny").decimalValue()).isEqualByComparingTo("5.00");
    // a year without a breach
    JsonNode none =
        expect(
            422,
            "POST",
            BASE + "/damages",
            "bureau",
            Map.of(
                "parcelCode",
                code(p),
                "year",
                2012,
                "documentNumber",
                "x",
                "dueOn",
                today.plusDays(50).toString()));
    assertThat(none.get("detail").asText()).contains("没有违约");
    // payments: 100, then 20 more than the 15 left is refused, then 15 → paid
    long id = d.get("id").asLong();
    String path = BASE + "/damages/" + id + "/payments";
    expect(200, "POST", path, "bureau", payment(today.minusDays(5), 100));
    JsonNode over = expect(422, "POST", path, "bureau", payment(today.minusDays(4), 20));
    assertThat(over.get("detail").asText()).contains("不能再付");
    JsonNode paid = expect(200, "POST", path, "bureau", payment(today.minusDays(3), 15));
    assertThat(paid.get("status").asText()).isEqualTo("PAID");
    assertThat(paid.get("paid10kCny").decimalValue()).isEqualByComparingTo("115.00");
    try (Connection conn = TestDatabase.connect(SCHEMA);
        Statement st = conn.createStatement()) {
      assertThatThrownBy(
              () -> st.execute("DELETE FROM breach_damages_payment WHERE damages_id = " + id))
          .hasMessageContaining("append-only");
      assertThatThrownBy(
              () -> st.execute("UPDATE breach_damages SET amount_due_10k_cny = 1 WHERE id = " + id))
          .hasMessageContaining("append-only");
    }
  }

  private static Map<String, Object> payment(LocalDate day, int amount) {
    return Map.of(
        "paidOn", day.toString(), "amount10kCny", amount, "receiptNumber", "佛财缴〔2026〕" + amount);
  }

  private void breach(long parcel, long agreement, int year, int daysLate, String shortfalls) {
    jdbc.sql(
            "INSERT INTO parcel_breach (year, parcel_id, agreement_id, district_code, checked_on,"
                + " kinds, days_late_start, shortfalls) SELECT :y, id, :a, district_code,"
                + " make_date(:y, 12, 31), ARRAY['LATE_START'], :d, CAST(:s AS jsonb) FROM parcel"
                + " WHERE id = :p")
        .param("y", year)
        .param("a", agreement)
        .param("d", daysLate)
        .param("s", shortfalls)
        .param("p", parcel)
        .update();
  }

  // ---- the import's progress columns

  private static final String HEADER =
      "credit_code,tax_10k_cny,output_10k_cny,value_added_10k_cny,revenue_10k_cny,"
          + "fixed_asset_investment_10k_cny,energy_tce,emissions_t,employees,rd_expense_10k_cny,"
          + "parcel_codes,developed_area_m2,invested_10k_cny,works_stopped_on\n";

  @Test
  void theImportTakesTheProgressColumnsAndNamesEachBadRow() throws Exception {
    Map<String, Object> holder =
        jdbc.sql(
                "SELECT e.credit_code, p.code, p.id, p.area_m2 FROM parcel_enterprise l"
                    + " JOIN enterprise e ON e.id = l.enterprise_id JOIN parcel p ON p.id ="
                    + " l.parcel_id WHERE p.district_code = '440608' ORDER BY p.id LIMIT 1")
            .query()
            .singleRow();
    String credit = (String) holder.get("credit_code");
    String parcel = (String) holder.get("code");
    long parcelId = ((Number) holder.get("id")).longValue();
    String figures = credit + ",10,100,30,110,200,5,1,3,2," + parcel;
    String bad =
        HEADER
            + figures
            + ",1000.5,300,2011-13-01\n" // not a date
            + credit
            + ",10,100,30,110,200,5,1,3,2,,1000,300,\n" // no parcel for the progress
            + credit
            + ",10,100,30,110,200,5,1,3,2,"
            + parcel
            + ",-4,300,\n"; // negative
    JsonNode report = upload("progress-2011.csv", bad);
    assertThat(report.get("valid").asBoolean()).isFalse();
    Map<Integer, String> errors = new HashMap<>();
    for (JsonNode e : report.get("errors")) {
      errors.merge(
          e.get("row").asInt(),
          e.get("column").asText() + ": " + e.get("message").asText(),
          (a, b) -> a + " | " + b);
    }
    assertThat(errors.get(2)).startsWith("works_stopped_on: 停工日期 '2011-13-01' 不是");
    assertThat(errors.get(3)).startsWith("parcel_codes: 填写开发进度");
    assertThat(errors.get(4)).startsWith("developed_area_m2: 已开发面积不能为负");
    // larger than the parcel
    double area = ((Number) holder.get("area_m2")).doubleValue();
    JsonNode tooLarge =
        upload("progress-2011.csv", HEADER + figures + "," + Math.ceil(area + 10) + ",300,\n");
    assertThat(tooLarge.get("errors").get(0).get("message").asText())
        .startsWith("已开发面积")
        .contains(parcel);
    // a clean file, committed: the parcel's progress of 2011
    JsonNode good = upload("progress-2011.csv", HEADER + figures + ",1000.5,300,2011-06-30\n");
    assertThat(good.get("valid").asBoolean()).as(good.toString()).isTrue();
    expect(
        200,
        "POST",
        "/api/efficiency/imports/" + good.get("id").asLong() + "/commit",
        "bureau",
        null);
    assertThat(
            jdbc.sql(
                    "SELECT developed_area_m2 || ' ' || invested_10k_cny || ' ' || works_stopped_on"
                        + " FROM parcel_progress WHERE parcel_id = :p AND year = 2011")
                .param("p", parcelId)
                .query(String.class)
                .single())
        .isEqualTo("1000.5 300.00 2011-06-30");
  }

  /** POST /api/efficiency/imports of a CSV for 2011, as the bureau. */
  private JsonNode upload(String fileName, String csv) throws Exception {
    HttpResponse<byte[]> response =
        new ServiceClient(port)
            .upload(
                "/api/efficiency/imports",
                "bureau",
                Multipart.of("year", 2011).file(fileName, csv.getBytes(StandardCharsets.UTF_8)));
    assertThat(response.statusCode())
        .as(new String(response.body(), StandardCharsets.UTF_8))
        .isEqualTo(201);
    return ServiceClient.json(response.body());
  }

  @Test
  void theDemoCityHasIdleLandOfBothClausesAndAGovernmentCase() throws Exception {
    JsonNode a =
        expect(200, "GET", BASE + "/parcels?asOf=2026-06-30&clause=NOT_STARTED", "planner", null);
    JsonNode b =
        expect(200, "GET", BASE + "/parcels?asOf=2026-06-30&clause=STOPPED", "planner", null);
    assertThat(a.get("total").asLong()).isPositive();
    assertThat(b.get("total").asLong()).isPositive();
    assertThat(
            jdbc.sql(
                    "SELECT count(*) FROM idle_land_case WHERE cause = 'GOVERNMENT' AND disposal ="
                        + " 'REMEDY' AND notice_number LIKE '佛自然资闲通〔2026〕_号'")
                .query(Long.class)
                .single())
        .isEqualTo(1);
    assertThat(jdbc.sql("SELECT count(*) FROM breach_damages").query(Long.class).single())
        .isPositive();
  }
}
