package cn.foshan.redline.factory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import cn.foshan.redline.EditingTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Commercial factory buildings: each alert rule firing and not firing on hand-made buildings, stage
 * moves and units checked for role, version and order, and the database keeping units within the
 * building's floor area.
 */
class FactoryTest extends EditingTest {

  private static final double MU = 10000.0 / 15;

  private long changeSet() {
    return jdbc.sql(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('test', 'hand-made case', 'COMMITTED', now()) RETURNING id")
        .query(Long.class)
        .single();
  }

  /** A parcel of the district with no factory building, by rank. */
  private long freeParcel(String district, int rank) {
    return jdbc.sql(
            "SELECT id FROM parcel p WHERE district_code = :d"
                + " AND NOT EXISTS (SELECT 1 FROM factory_building f WHERE f.parcel_id = p.id)"
                + " ORDER BY id OFFSET :r LIMIT 1")
        .param("d", district)
        .param("r", rank)
        .query(Long.class)
        .single();
  }

  /** A hand-made building on a parcel. */
  private long building(
      String code, long parcel, String stage, double floor, Double price, Double rent) {
    return jdbc.sql(
            "INSERT INTO factory_building (code, name, parcel_id, developer, stage, stage_since,"
                + " floor_area_m2, sale_price_cny_m2, rent_cny_m2_month, geom, change_set_id)"
                + " SELECT :code, '测试厂房 ' || :code, p.id, '测试开发商', :stage, DATE '2025-01-01', :floor,"
                + " :price, :rent, p.geom, :cs FROM parcel p WHERE p.id = :parcel RETURNING id")
        .param("code", code)
        .param("parcel", parcel)
        .param("stage", stage)
        .param("floor", floor)
        .param("price", price)
        .param("rent", rent)
        .param("cs", changeSet())
        .query(Long.class)
        .single();
  }

  private int buildingVersion(long id) {
    return jdbc.sql("SELECT version FROM factory_building WHERE id = :id")
        .param("id", id)
        .query(Integer.class)
        .single();
  }

  private static Map<String, Object> unit(
      String no, double area, String deal, boolean industrial, double priceOrRent) {
    Map<String, Object> u = new HashMap<>();
    u.put("unitNo", no);
    u.put("floorAreaM2", area);
    u.put("deal", deal);
    u.put("occupant", industrial ? "佛山市测试制造有限公司" : "佛山市测试商贸有限公司");
    u.put("occupantIndustrial", industrial);
    u.put("industryCode", industrial ? "34" : null);
    u.put(deal.equals("SOLD") ? "priceCnyM2" : "rentCnyM2Month", priceOrRent);
    u.put("dealOn", "2026-03-01");
    u.put("reason", "销售备案 sale registered");
    return u;
  }

  private JsonNode addUnit(int status, String user, long building, Map<String, Object> unit)
      throws Exception {
    return expect(
        status,
        "POST",
        "/api/factories/" + building + "/units",
        user,
        unit,
        "If-Match",
        "\"" + buildingVersion(building) + "\"");
  }

  private List<JsonNode> alerts(String district, long building, String rule, String query)
      throws Exception {
    // an alert of output per mu shows a parcel's figure: read with a login, in the reader's figure
    // scope (V39); the others are public
    String user = rule.equals("OUTPUT_BELOW_AGREEMENT") ? "planner" : null;
    JsonNode all =
        expect(200, "GET", "/api/factories/alerts?district=" + district + query, user, null);
    List<JsonNode> found = new ArrayList<>();
    for (JsonNode a : all.get("alerts")) {
      assertThat(a.get("districtCode").asText()).isEqualTo(district);
      if (a.get("factoryBuildingId").asLong() == building && a.get("rule").asText().equals(rule)) {
        found.add(a);
      }
    }
    return found;
  }

  /** The medians as select_alerts.sql computed them before V55, per district and kind. */
  private static final String LIVE_MEDIANS =
      "WITH b AS (SELECT f.id, f.sale_price_cny_m2::float8 AS price,"
          + " f.rent_cny_m2_month::float8 AS rent, c.district_code FROM factory_building f"
          + " JOIN factory_building_context c ON c.factory_building_id = f.id),"
          + " obs AS (SELECT district_code, 'SALE' AS kind, price AS v FROM b WHERE price IS NOT NULL"
          + " UNION ALL SELECT district_code, 'RENT', rent FROM b WHERE rent IS NOT NULL"
          + " UNION ALL SELECT b.district_code, CASE u.deal WHEN 'SOLD' THEN 'SALE' ELSE 'RENT' END,"
          + " coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8"
          + " FROM b JOIN factory_unit u ON u.factory_building_id = b.id)"
          + " SELECT district_code || ' ' || kind, percentile_cont(0.5) WITHIN GROUP (ORDER BY v)"
          + " FROM obs GROUP BY district_code, kind";

  private Map<String, Double> medians(String sql) {
    Map<String, Double> m = new TreeMap<>();
    jdbc.sql(sql).query((rs, n) -> m.put(rs.getString(1), rs.getDouble(2))).list();
    return m;
  }

  private void assertKeptMedians(String after) {
    assertThat(medians("SELECT district_code || ' ' || kind, median FROM factory_median"))
        .as("kept medians after " + after)
        .isEqualTo(medians(LIVE_MEDIANS));
    assertThat(figures(KEPT_FIGURES))
        .as("kept alert figures after " + after)
        .isEqualTo(figures(LIVE_FIGURES));
  }

  /** The alerts' figures of every building, as V57 keeps them (factory_alert_figure). */
  private static final String KEPT_FIGURES =
      "SELECT factory_building_id, district_code, code, name, stage, in_use, vacancy, sale_max,"
          + " rent_max, non_industrial, non_industrial_m2, agreement_output_per_mu"
          + " FROM factory_alert_figure";

  /** The same figures from the buildings, contexts and units as they are. */
  private static final String LIVE_FIGURES =
      "SELECT f.id, c.district_code, f.code, f.name, f.stage,"
          + " f.stage IN ('OPERATION', 'ASSESSMENT'),"
          + " 1 - (f.sold_area_m2 + f.leased_area_m2)::float8 / f.floor_area_m2::float8,"
          + " (SELECT max(v) FROM (SELECT f.sale_price_cny_m2::float8 UNION ALL"
          + " SELECT coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8 FROM factory_unit u"
          + " WHERE u.factory_building_id = f.id AND u.deal = 'SOLD') s(v)),"
          + " (SELECT max(v) FROM (SELECT f.rent_cny_m2_month::float8 UNION ALL"
          + " SELECT coalesce(u.price_cny_m2, u.rent_cny_m2_month)::float8 FROM factory_unit u"
          + " WHERE u.factory_building_id = f.id AND u.deal <> 'SOLD') s(v)),"
          + " (SELECT count(*) FROM factory_unit u WHERE u.factory_building_id = f.id"
          + " AND NOT u.occupant_industrial),"
          + " coalesce((SELECT sum(u.floor_area_m2) FROM factory_unit u"
          + " WHERE u.factory_building_id = f.id AND NOT u.occupant_industrial), 0)::float8,"
          + " c.agreement_output_per_mu"
          + " FROM factory_building f JOIN factory_building_context c ON c.factory_building_id = f.id";

  /** Rows as text, one per building, by building. */
  private SortedMap<Long, String> figures(String sql) {
    SortedMap<Long, String> rows = new TreeMap<>();
    jdbc.sql(sql)
        .query(
            (rs, n) -> {
              StringBuilder row = new StringBuilder();
              for (int i = 2; i <= rs.getMetaData().getColumnCount(); i++) {
                row.append(rs.getString(i)).append('|');
              }
              return rows.put(rs.getLong(1), row.toString());
            })
        .list();
    return rows;
  }

  @Test
  void theKeptMediansAreThoseOfTheBuildingsAndUnitsAfterEveryKindOfWrite() throws Exception {
    assertKeptMedians("the start");
    // a building asking a price far above the others: 高明's sale median moves
    long dear = building("T-MED-1", freeParcel("440608", 0), "OPERATION", 20000, 90000.0, 500.0);
    assertKeptMedians("a building inserted");
    // units added through the service, changed and deleted by SQL (as psql would)
    addUnit(201, "bureau", dear, unit("M-1", 500, "SOLD", true, 80000.0));
    addUnit(201, "bureau", dear, unit("M-2", 500, "LEASED", true, 400.0));
    assertKeptMedians("units added");
    jdbc.sql(
            "UPDATE factory_unit SET rent_cny_m2_month = 1.5 WHERE factory_building_id = :b"
                + " AND unit_no = 'M-2'")
        .param("b", dear)
        .update();
    assertKeptMedians("a unit's rent changed");
    jdbc.sql("UPDATE factory_building SET sale_price_cny_m2 = NULL WHERE id = :b")
        .param("b", dear)
        .update();
    assertKeptMedians("a building's price removed");
    // the building moved to a parcel of 三水: both districts' medians
    long elsewhere = freeParcel("440607", 5);
    jdbc.sql(
            "UPDATE factory_building SET parcel_id = :p, geom = (SELECT geom FROM parcel WHERE id = :p)"
                + " WHERE id = :b")
        .param("p", elsewhere)
        .param("b", dear)
        .update();
    assertThat(
            jdbc.sql(
                    "SELECT district_code FROM factory_building_context"
                        + " WHERE factory_building_id = :b")
                .param("b", dear)
                .query(String.class)
                .single())
        .isEqualTo("440607");
    assertKeptMedians("a building moved to another district");
    jdbc.sql("DELETE FROM factory_unit WHERE factory_building_id = :b AND unit_no = 'M-1'")
        .param("b", dear)
        .update();
    assertKeptMedians("a unit deleted");

    // the alerts answer from the kept medians: a median changed by hand is the one they compare
    // with
    jdbc.sql(
            "UPDATE factory_median SET median = 1 WHERE district_code = '440607' AND kind = 'RENT'")
        .update();
    List<JsonNode> rent = alerts("440607", dear, "SPECULATION", "");
    assertThat(rent).hasSize(1);
    assertThat(rent.get(0).get("median").asDouble()).isEqualTo(1.0);
    jdbc.sql("SELECT refresh_factory_medians(ARRAY['440607'])").query().listOfRows();
    assertKeptMedians("the medians made again");

    jdbc.sql("DELETE FROM factory_building WHERE id = :b").param("b", dear).update();
    assertKeptMedians("a building deleted");
  }

  @Test
  void theAlertsCountEveryAlertAndPageThem() throws Exception {
    JsonNode all = expect(200, "GET", "/api/factories/alerts?limit=1000", null, null);
    int count = all.get("count").asInt();
    // counts per district and rule add up to the count, and are those of the alerts
    Map<String, Integer> counted = new HashMap<>();
    int sum = 0;
    for (JsonNode c : all.get("counts")) {
      counted.put(
          c.get("districtCode").asText() + " " + c.get("rule").asText(), c.get("count").asInt());
      sum += c.get("count").asInt();
    }
    assertThat(sum).isEqualTo(count);
    Map<String, Integer> seen = new HashMap<>();
    List<String> order = new ArrayList<>();
    for (int offset = 0; offset < count; offset += 50) {
      JsonNode page =
          expect(200, "GET", "/api/factories/alerts?limit=50&offset=" + offset, null, null);
      assertThat(page.get("count").asInt()).isEqualTo(count);
      assertThat(page.get("counts")).isEqualTo(all.get("counts"));
      assertThat(page.get("alerts").size()).isEqualTo(Math.min(50, count - offset));
      for (JsonNode a : page.get("alerts")) {
        seen.merge(a.get("districtCode").asText() + " " + a.get("rule").asText(), 1, Integer::sum);
        order.add(
            a.get("factoryBuildingId").asText()
                + " "
                + a.get("rule").asText()
                + " "
                + a.get("kind").asText());
      }
    }
    assertThat(seen).isEqualTo(counted);
    List<String> first = new ArrayList<>();
    for (JsonNode a : all.get("alerts")) {
      first.add(
          a.get("factoryBuildingId").asText()
              + " "
              + a.get("rule").asText()
              + " "
              + a.get("kind").asText());
    }
    assertThat(order.subList(0, Math.min(count, 1000))).isEqualTo(first);
  }

  @Test
  void aBuildingsAlertsAreCountedAndPagedInTheirOrder() throws Exception {
    // one building in use with four alerts, by hand: 8,000 of its 10,000 m² empty (VACANCY), a
    // unit sold and one leased to non-industrial occupants (NON_INDUSTRIAL: 2 units, 2,000 m²;
    // their
    // price and rent of 1 CNY/m² are no speculation), an asking price and a rent far above the
    // district's medians (SPECULATION of SALE and of RENT, no unit above): above them whatever the
    // district's other buildings, the medians being at most half of them with these units alone
    String d = "440604";
    long b = building("T-PAGE-1", freeParcel(d, 0), "OPERATION", 10000, 500000.0, 900.0);
    addUnit(201, "bureau", b, unit("N-1", 1000, "SOLD", false, 1.0));
    addUnit(201, "bureau", b, unit("N-2", 1000, "LEASED", false, 1.0));
    String path = "/api/factories/alerts?district=" + d + "&building=" + b;
    List<String> expected =
        List.of(
            "NON_INDUSTRIAL null 2 2000.0",
            "SPECULATION RENT 0 900.0",
            "SPECULATION SALE 0 500000.0",
            "VACANCY null 0 0.8");
    List<String> counts = List.of(d + " NON_INDUSTRIAL 1", d + " SPECULATION 2", d + " VACANCY 1");
    // every page: the count and counts of them all, the alerts of the page in the order of rule,
    // building code and kind
    for (int[] page : new int[][] {{0, 1000}, {1, 2}, {3, 2}, {4, 10}, {2, 1}}) {
      JsonNode answer =
          expect(200, "GET", path + "&offset=" + page[0] + "&limit=" + page[1], null, null);
      assertThat(answer.get("count").asInt()).as(answer.toString()).isEqualTo(4);
      List<String> counted = new ArrayList<>();
      for (JsonNode c : answer.get("counts")) {
        counted.add(
            c.get("districtCode").asText()
                + " "
                + c.get("rule").asText()
                + " "
                + c.get("count").asInt());
      }
      assertThat(counted).isEqualTo(counts);
      List<String> shown = new ArrayList<>();
      for (JsonNode a : answer.get("alerts")) {
        assertThat(a.get("factoryBuildingId").asLong()).isEqualTo(b);
        shown.add(
            a.get("rule").asText()
                + " "
                + (a.get("kind").isNull() ? "null" : a.get("kind").asText())
                + " "
                + a.get("units").asInt()
                + " "
                + a.get("value").asDouble());
      }
      assertThat(shown)
          .as("alerts %d to %d", page[0], page[0] + page[1])
          .isEqualTo(expected.subList(Math.min(4, page[0]), Math.min(4, page[0] + page[1])));
    }
  }

  @Test
  void speculationFiresAboveTheDistrictMedianByTheThreshold() throws Exception {
    String d = "440607";
    long dear = building("T-SPEC-1", freeParcel(d, 0), "SALES", 20000, 500000.0, null);
    long fair = building("T-SPEC-2", freeParcel(d, 1), "SALES", 20000, 1000.0, 1.0);
    List<JsonNode> fired = alerts(d, dear, "SPECULATION", "");
    assertThat(fired).hasSize(1);
    assertThat(fired.get(0).get("kind").asText()).isEqualTo("SALE");
    assertThat(fired.get(0).get("value").asDouble()).isEqualTo(500000.0);
    assertThat(fired.get(0).get("value").asDouble())
        .isGreaterThan(fired.get(0).get("median").asDouble() * 1.3);
    assertThat(alerts(d, fair, "SPECULATION", "")).isEmpty();
    // the threshold is a setting (and a parameter): at 100,000% over the median nothing is
    // speculation
    assertThat(alerts(d, dear, "SPECULATION", "&priceOverMedian=1000")).isEmpty();
    // a unit leased at a rent far above the district's rents fires for its building
    addUnit(201, "bureau", fair, unit("R-1", 500, "LEASED", true, 900.0));
    List<JsonNode> rent = alerts(d, fair, "SPECULATION", "");
    assertThat(rent).hasSize(1);
    assertThat(rent.get(0).get("kind").asText()).isEqualTo("RENT");
    assertThat(rent.get(0).get("units").asInt()).isEqualTo(1);
  }

  @Test
  void vacancyAndNonIndustrialOccupantsOfBuildingsInUse() throws Exception {
    String d = "440606";
    long half = building("T-VAC-1", freeParcel(d, 0), "OPERATION", 10000, null, null);
    long full = building("T-VAC-2", freeParcel(d, 1), "OPERATION", 10000, null, null);
    long selling = building("T-VAC-3", freeParcel(d, 2), "SALES", 10000, null, null);
    addUnit(201, "bureau", half, unit("A-1", 5000, "SOLD", true, 6000));
    addUnit(201, "bureau", full, unit("B-1", 9000, "SOLD", true, 6000));
    addUnit(201, "shunde", full, unit("B-2", 1000, "LEASED", false, 20));
    // the building's sold and leased areas follow from its units
    JsonNode detail = expect(200, "GET", "/api/factories/" + full, null, null);
    assertThat(detail.at("/building/soldAreaM2").asDouble()).isEqualTo(9000.0);
    assertThat(detail.at("/building/leasedAreaM2").asDouble()).isEqualTo(1000.0);
    assertThat(detail.get("units")).hasSize(2);

    List<JsonNode> vacant = alerts(d, half, "VACANCY", "");
    assertThat(vacant).hasSize(1);
    assertThat(vacant.get(0).get("value").asDouble()).isCloseTo(0.5, within(1e-9));
    assertThat(alerts(d, full, "VACANCY", "")).isEmpty();
    assertThat(alerts(d, selling, "VACANCY", "")).as("not in use yet").isEmpty();
    assertThat(alerts(d, half, "VACANCY", "&vacancyMax=0.6")).isEmpty();

    List<JsonNode> nonIndustrial = alerts(d, full, "NON_INDUSTRIAL", "");
    assertThat(nonIndustrial).hasSize(1);
    assertThat(nonIndustrial.get(0).get("units").asInt()).isEqualTo(1);
    assertThat(nonIndustrial.get(0).get("value").asDouble()).isEqualTo(1000.0);
    assertThat(alerts(d, half, "NON_INDUSTRIAL", "")).isEmpty();
  }

  /** A parcel with a supervision agreement held by one enterprise that holds no other parcel. */
  private Map<String, Object> soleHolderParcel(String district, int rank, int year) {
    return jdbc.sql(
            "SELECT p.id AS parcel, p.area_m2 AS m2, ai.output_10k_cny::float8 AS output"
                + " FROM parcel p"
                + " JOIN supervision_agreement sa ON sa.parcel_id = p.id"
                + " JOIN parcel_enterprise pe ON pe.parcel_id = p.id"
                + " JOIN annual_indicator ai ON ai.enterprise_id = pe.enterprise_id AND ai.year = :y"
                + " WHERE p.district_code = :d"
                + " AND NOT EXISTS (SELECT 1 FROM factory_building f WHERE f.parcel_id = p.id)"
                + " AND (SELECT count(*) FROM parcel_enterprise x WHERE x.parcel_id = p.id) = 1"
                + " AND (SELECT count(*) FROM parcel_enterprise x WHERE x.enterprise_id = pe.enterprise_id) = 1"
                + " ORDER BY p.id DESC OFFSET :r LIMIT 1")
        .param("d", district)
        .param("y", year)
        .param("r", rank)
        .query()
        .singleRow();
  }

  @Test
  void outputPerMuBelowTheAgreementOfABuildingInUse() throws Exception {
    String d = "440608";
    int year = jdbc.sql("SELECT max(year) FROM annual_indicator").query(Integer.class).single();
    Map<String, Object> low = soleHolderParcel(d, 0, year);
    Map<String, Object> high = soleHolderParcel(d, 1, year);
    double lowPerMu = (Double) low.get("output") / ((Double) low.get("m2") / MU);
    double highPerMu = (Double) high.get("output") / ((Double) high.get("m2") / MU);
    // hand-made agreements: the first parcel promised half again its output, the second half of it
    jdbc.sql("UPDATE supervision_agreement SET output_per_mu = :v WHERE parcel_id = :p")
        .param("v", Math.round(lowPerMu * 1.5 * 100) / 100.0 + 1)
        .param("p", low.get("parcel"))
        .update();
    jdbc.sql("UPDATE supervision_agreement SET output_per_mu = :v WHERE parcel_id = :p")
        .param("v", Math.round(highPerMu * 0.5 * 100) / 100.0)
        .param("p", high.get("parcel"))
        .update();
    long short_ =
        building(
            "T-OUT-1", ((Number) low.get("parcel")).longValue(), "OPERATION", 8000, null, null);
    long kept =
        building(
            "T-OUT-2", ((Number) high.get("parcel")).longValue(), "OPERATION", 8000, null, null);
    List<JsonNode> below = alerts(d, short_, "OUTPUT_BELOW_AGREEMENT", "&year=" + year);
    // a visitor reads no parcel's figures, so no alert of them
    List<String> publicRules = new ArrayList<>();
    for (JsonNode a :
        expect(200, "GET", "/api/factories/alerts?district=" + d + "&year=" + year, null, null)
            .get("alerts")) {
      publicRules.add(a.get("rule").asText());
    }
    assertThat(publicRules).doesNotContain("OUTPUT_BELOW_AGREEMENT");
    assertThat(below).hasSize(1);
    assertThat(below.get(0).get("value").asDouble()).isCloseTo(lowPerMu, within(0.01));
    assertThat(alerts(d, kept, "OUTPUT_BELOW_AGREEMENT", "&year=" + year)).isEmpty();
    // a building still under construction is not judged on its output
    long building =
        building(
            "T-OUT-3", ((Number) low.get("parcel")).longValue(), "CONSTRUCTION", 8000, null, null);
    assertThat(alerts(d, building, "OUTPUT_BELOW_AGREEMENT", "&year=" + year)).isEmpty();
  }

  @Test
  void stagesMoveInOrderByTheRightPeopleAgainstTheVersionTheyRead() throws Exception {
    String d = "440605";
    long id = building("T-STG-1", freeParcel(d, 3), "APPROVAL", 12000, null, null);
    Map<String, Object> next =
        Map.of("stage", "CONSTRUCTION", "reason", "施工许可 permit", "documentNumber", "佛南建〔2026〕9号");
    String path = "/api/factories/" + id + "/stage";
    expect(401, "POST", path, null, next, "If-Match", "\"1\"");
    expect(403, "POST", path, "planner", next, "If-Match", "\"1\"");
    expect(403, "POST", path, "shunde", next, "If-Match", "\"1\"");
    expect(428, "POST", path, "bureau", next);
    JsonNode skip =
        expect(
            422,
            "POST",
            path,
            "bureau",
            Map.of("stage", "OPERATION", "reason", "x"),
            "If-Match",
            "\"1\"");
    assertThat(skip.get("reasons").toString()).contains("one stage forward");
    JsonNode moved = expect(200, "POST", path, "nanhai", next, "If-Match", "\"1\"");
    assertThat(moved.get("stage").asText()).isEqualTo("CONSTRUCTION");
    assertThat(moved.get("version").asInt()).isEqualTo(2);
    expect(
        412, "POST", path, "bureau", Map.of("stage", "SALES", "reason", "x"), "If-Match", "\"1\"");
    JsonNode detail = expect(200, "GET", "/api/factories/" + id, null, null);
    assertThat(detail.get("stages")).hasSize(1);
    assertThat(detail.at("/stages/0/actor").asText()).isEqualTo("nanhai");
    assertThat(detail.at("/stages/0/documentNumber").asText()).isEqualTo("佛南建〔2026〕9号");

    // units: roles, version, no more than the floor area, unique numbers, nothing half-written
    addUnit(403, "sanshui", id, unit("U-1", 100, "SOLD", true, 6000));
    addUnit(403, "planner", id, unit("U-1", 100, "SOLD", true, 6000));
    expect(
        428,
        "POST",
        "/api/factories/" + id + "/units",
        "bureau",
        unit("U-1", 100, "SOLD", true, 6000));
    expect(
        412,
        "POST",
        "/api/factories/" + id + "/units",
        "bureau",
        unit("U-1", 100, "SOLD", true, 6000),
        "If-Match",
        "\"1\"");
    Map<String, Object> noPrice = unit("U-1", 100, "SOLD", true, 6000);
    noPrice.remove("priceCnyM2");
    assertThat(addUnit(422, "bureau", id, noPrice).get("detail").asText()).contains("priceCnyM2");
    JsonNode first = addUnit(201, "nanhai", id, unit("U-1", 10000, "SOLD", true, 6000));
    addUnit(409, "bureau", id, unit("U-1", 100, "LEASED", true, 20));
    JsonNode tooMuch = addUnit(422, "bureau", id, unit("U-2", 2500, "LEASED", true, 20));
    // the rule in people's words, not the database's constraint
    assertThat(tooMuch.get("detail").asText())
        .contains("不能超过建筑面积")
        .doesNotContain("factory_building_area_taken");
    JsonNode after = expect(200, "GET", "/api/factories/" + id, null, null);
    assertThat(after.get("units")).hasSize(1);
    assertThat(after.at("/building/leasedAreaM2").asDouble()).isZero();
    // a unit changes against its own version
    Map<String, Object> resold = unit("U-1", 10000, "LEASED", true, 25);
    String unitPath = "/api/factories/" + id + "/units/" + first.get("id").asLong();
    expect(412, "PUT", unitPath, "bureau", resold, "If-Match", "\"7\"");
    JsonNode changed = expect(200, "PUT", unitPath, "bureau", resold, "If-Match", "\"1\"");
    assertThat(changed.get("version").asInt()).isEqualTo(2);
    JsonNode last = expect(200, "GET", "/api/factories/" + id, null, null);
    assertThat(last.at("/building/soldAreaM2").asDouble()).isZero();
    assertThat(last.at("/building/leasedAreaM2").asDouble()).isEqualTo(10000.0);
    expect(400, "GET", "/api/factories/alerts?district=999999", null, null);
  }
}
