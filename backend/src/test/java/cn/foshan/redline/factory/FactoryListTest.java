package cn.foshan.redline.factory;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EditingTest;
import cn.foshan.redline.system.Csv;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The list of commercial factory buildings (GET /api/factories) and the alerts' pages and CSV: the
 * totals and the pipeline are the table's counts, pages are bounded and join up, a hostile page
 * size is refused, each building's shares of floor area follow from its units and its rent is set
 * against its district's median; alerts carry the rules' and stages' Chinese names, page, filter by
 * building and export every row.
 */
class FactoryListTest extends EditingTest {

  private long count(String where) {
    return jdbc.sql(
            "SELECT count(*) FROM factory_building f JOIN factory_building_context c"
                + " ON c.factory_building_id = f.id WHERE "
                + where)
        .query(Long.class)
        .single();
  }

  @Test
  void theListIsPagedFilteredAndBounded() throws Exception {
    JsonNode all = expect(200, "GET", "/api/factories", null, null);
    assertThat(all.get("total").asLong()).isEqualTo(count("true"));
    assertThat(all.get("limit").asInt()).isEqualTo(50);
    assertThat(all.get("items").size()).isEqualTo((int) Math.min(50, count("true")));
    long pipelineSum = 0;
    List<String> stages = new ArrayList<>();
    for (JsonNode s : all.get("pipeline")) {
      stages.add(s.get("stage").asString());
      assertThat(s.get("buildings").asLong())
          .isEqualTo(count("f.stage = '" + s.get("stage").asString() + "'"));
      pipelineSum += s.get("buildings").asLong();
    }
    assertThat(stages)
        .containsExactly(
            "INDUSTRY_INTRODUCTION",
            "APPROVAL",
            "CONSTRUCTION",
            "SALES",
            "OPERATION",
            "ASSESSMENT");
    assertThat(all.at("/pipeline/5/label").asString()).isEqualTo("产出考核");
    assertThat(pipelineSum).isEqualTo(all.get("total").asLong());

    // one district, one stage: the table's count, every row of them
    JsonNode some =
        expect(200, "GET", "/api/factories?district=440605&stage=OPERATION&limit=1000", null, null);
    assertThat(some.get("total").asLong())
        .isEqualTo(count("c.district_code = '440605' AND f.stage = 'OPERATION'"));
    assertThat(some.get("items").size()).isEqualTo(some.get("total").asInt());
    for (JsonNode b : some.get("items")) {
      assertThat(b.get("districtCode").asString()).isEqualTo("440605");
      assertThat(b.get("districtName").asString()).isEqualTo("南海区");
      assertThat(b.get("stageLabel").asString()).isEqualTo("使用运营");
    }

    // pages join up: two pages of 3 are the first 6
    JsonNode six = expect(200, "GET", "/api/factories?limit=6", null, null);
    JsonNode first = expect(200, "GET", "/api/factories?limit=3", null, null);
    JsonNode second = expect(200, "GET", "/api/factories?limit=3&offset=3", null, null);
    List<Long> joined = new ArrayList<>();
    first.get("items").forEach(b -> joined.add(b.get("id").asLong()));
    second.get("items").forEach(b -> joined.add(b.get("id").asLong()));
    List<Long> expected = new ArrayList<>();
    six.get("items").forEach(b -> expected.add(b.get("id").asLong()));
    assertThat(joined).isEqualTo(expected).doesNotHaveDuplicates();
    JsonNode beyond = expect(200, "GET", "/api/factories?offset=1000000", null, null);
    assertThat(beyond.get("items")).isEmpty();
    assertThat(beyond.get("total").asLong()).isEqualTo(count("true"));

    // hostile or wrong requests: 400, said in Chinese first
    for (String query :
        List.of("limit=0", "limit=1001", "limit=2147483647", "offset=-1", "limit=-5")) {
      JsonNode problem = expect(400, "GET", "/api/factories?" + query, null, null);
      assertThat(problem.get("detail").asString()).startsWith("每页行数 limit 应为 1 到 1000");
    }
    expect(400, "GET", "/api/factories?limit=99999999999", null, null);
    assertThat(expect(400, "GET", "/api/factories?stage=DONE", null, null).get("detail").asString())
        .startsWith("阶段须为");
    expect(400, "GET", "/api/factories?district=999999", null, null);
  }

  @Test
  void sharesFollowTheUnitsAndRentsStandAgainstTheDistrictMedian() throws Exception {
    // a hand-made building of 8,000 m² in 禅城 (no other factory test writes there)
    long parcel =
        jdbc.sql(
                "SELECT id FROM parcel p WHERE district_code = '440604' AND NOT EXISTS"
                    + " (SELECT 1 FROM factory_building f WHERE f.parcel_id = p.id)"
                    + " ORDER BY id DESC OFFSET 5 LIMIT 1")
            .query(Long.class)
            .single();
    long cs =
        jdbc.sql(
                "INSERT INTO change_set (author, reason, status, committed_at)"
                    + " VALUES ('test', 'hand-made case', 'COMMITTED', now()) RETURNING id")
            .query(Long.class)
            .single();
    long id =
        jdbc.sql(
                "INSERT INTO factory_building (code, name, parcel_id, developer, stage, stage_since,"
                    + " floor_area_m2, rent_cny_m2_month, geom, change_set_id)"
                    + " SELECT 'T-LIST-1', '测试厂房 T-LIST-1', p.id, '测试开发商', 'CONSTRUCTION',"
                    + " DATE '2025-01-01', 8000, 31.5, p.geom, :cs FROM parcel p WHERE p.id = :parcel"
                    + " RETURNING id")
            .param("parcel", parcel)
            .param("cs", cs)
            .query(Long.class)
            .single();
    // 1,000 m² sold and 3,000 m² leased of 8,000: sold 1000/8000 = 0.125, leased 3000/8000 =
    // 0.375, vacant 1 − 0.5 = 0.5
    post(id, unit("L-1", 1000, "SOLD", 5200));
    post(id, unit("L-2", 3000, "LEASED", 24));

    JsonNode page =
        expect(
            200, "GET", "/api/factories?district=440604&stage=CONSTRUCTION&limit=1000", null, null);
    JsonNode row = null;
    for (JsonNode b : page.get("items")) {
      if (b.get("id").asLong() == id) {
        row = b;
      }
    }
    assertThat(row).isNotNull();
    assertThat(row.get("soldShare").asDouble()).isEqualTo(0.125);
    assertThat(row.get("leasedShare").asDouble()).isEqualTo(0.375);
    assertThat(row.get("vacantShare").asDouble()).isEqualTo(0.5);
    assertThat(row.get("units").asInt()).isEqualTo(2);
    assertThat(row.get("rentCnyM2Month").asDouble()).isEqualTo(31.5);
    // the district's median rent over the buildings' asking rents and the leased units' rents,
    // computed here apart from the service
    double median =
        jdbc.sql(
                "SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY v)::numeric, 2)::float8"
                    + " FROM (SELECT f.rent_cny_m2_month AS v FROM factory_building f"
                    + " JOIN factory_building_context c ON c.factory_building_id = f.id"
                    + " WHERE c.district_code = '440604' AND f.rent_cny_m2_month IS NOT NULL"
                    + " UNION ALL SELECT u.rent_cny_m2_month FROM factory_unit u"
                    + " JOIN factory_building_context c ON c.factory_building_id = u.factory_building_id"
                    + " WHERE c.district_code = '440604' AND u.deal = 'LEASED') r")
            .query(Double.class)
            .single();
    assertThat(row.get("medianRentCnyM2Month").asDouble()).isEqualTo(median);
  }

  private void post(long building, Map<String, Object> unit) throws Exception {
    int version =
        jdbc.sql("SELECT version FROM factory_building WHERE id = :id")
            .param("id", building)
            .query(Integer.class)
            .single();
    expect(
        201,
        "POST",
        "/api/factories/" + building + "/units",
        "bureau",
        unit,
        "If-Match",
        "\"" + version + "\"");
  }

  private static Map<String, Object> unit(String no, double area, String deal, double amount) {
    Map<String, Object> u = new HashMap<>();
    u.put("unitNo", no);
    u.put("floorAreaM2", area);
    u.put("deal", deal);
    u.put("occupant", "佛山市测试制造有限公司");
    u.put("occupantIndustrial", true);
    u.put("industryCode", "34");
    u.put(deal.equals("SOLD") ? "priceCnyM2" : "rentCnyM2Month", amount);
    u.put("dealOn", "2026-03-01");
    u.put("reason", "备案 registered");
    return u;
  }

  @Test
  void alertsArePagedNamedInChineseAndExportedWhole() throws Exception {
    JsonNode all = expect(200, "GET", "/api/factories/alerts", "bureau", null);
    int count = all.get("count").asInt();
    assertThat(count).isGreaterThan(3);
    assertThat(all.get("alerts").size()).isEqualTo(count);
    for (JsonNode a : all.get("alerts")) {
      assertThat(a.get("ruleLabel").asString()).matches(".*[\\u4e00-\\u9fff].*");
      assertThat(a.get("stageLabel").asString()).matches("[\\u4e00-\\u9fff]{4}");
      assertThat(a.get("districtName").asString()).endsWith("区");
    }
    // pages of 2: the same alerts in the same order
    JsonNode second = expect(200, "GET", "/api/factories/alerts?limit=2&offset=2", "bureau", null);
    assertThat(second.get("count").asInt()).isEqualTo(count);
    assertThat(second.get("alerts")).hasSize(2);
    assertThat(second.at("/alerts/0")).isEqualTo(all.at("/alerts/2"));
    assertThat(second.at("/alerts/1")).isEqualTo(all.at("/alerts/3"));
    assertThat(
            expect(200, "GET", "/api/factories/alerts?offset=" + count, "bureau", null)
                .get("alerts"))
        .isEmpty();
    for (String query : List.of("limit=0", "limit=1001", "limit=2147483647", "offset=-1")) {
      expect(400, "GET", "/api/factories/alerts?" + query, null, null);
    }
    // one building's alerts
    long building = all.at("/alerts/0/factoryBuildingId").asLong();
    JsonNode one = expect(200, "GET", "/api/factories/alerts?building=" + building, "bureau", null);
    assertThat(one.get("alerts")).isNotEmpty();
    one.get("alerts")
        .forEach(a -> assertThat(a.get("factoryBuildingId").asLong()).isEqualTo(building));

    // the CSV: BOM, a header and one line per alert, rules and stages in Chinese
    HttpResponse<byte[]> csv = send("GET", "/api/factories/alerts.csv", "bureau", null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
    assertThat(csv.headers().firstValue("Content-Disposition").orElse(""))
        .contains("factory_alerts_all_");
    String text = new String(csv.body(), StandardCharsets.UTF_8);
    assertThat(text).startsWith("\uFEFF区 district,规则 rule");
    String[] lines = text.split("\r\n");
    assertThat(lines).hasSize(count + 1);
    assertThat(text).doesNotContain(",OPERATION,").doesNotContain(",ASSESSMENT,");
    // byte for byte the file the export wrote when it read every alert into memory first: the
    // alerts' page, each written as a line of the columns below (it now streams them from a cursor)
    assertThat(csv.body()).isEqualTo(csvOf(all));
    String shunde = "district=440606";
    assertThat(send("GET", "/api/factories/alerts.csv?" + shunde, "bureau", null).body())
        .isEqualTo(csvOf(expect(200, "GET", "/api/factories/alerts?" + shunde, "bureau", null)));
  }

  /** The CSV of an alerts page: BOM, header, a line per alert (CRLF, quoted where needed). */
  private static byte[] csvOf(JsonNode page) {
    StringBuilder csv = new StringBuilder("\uFEFF");
    csv.append(
        Csv.line(
            "区 district",
            "规则 rule",
            "厂房编号 building code",
            "厂房名称 building name",
            "阶段 stage",
            "单元数 units",
            "类别 kind",
            "值 value",
            "限值 limit",
            "区中位数 district median",
            "说明 detail"));
    for (JsonNode a : page.get("alerts")) {
      csv.append(
          Csv.line(
              a.get("districtName").asString(),
              a.get("ruleLabel").asString(),
              a.get("code").asString(),
              a.get("name").asString(),
              a.get("stageLabel").asString(),
              Integer.toString(a.get("units").asInt()),
              orEmpty(a.get("kind"), k -> "SALE".equals(k) ? "售价 sale" : "租金 rent"),
              Double.toString(a.get("value").asDouble()),
              orEmpty(a.get("limit"), v -> Double.toString(Double.parseDouble(v))),
              orEmpty(a.get("median"), v -> Double.toString(Double.parseDouble(v))),
              a.get("message").asString()));
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static String orEmpty(
      JsonNode value, java.util.function.Function<String, String> written) {
    return value == null || value.isNull() ? "" : written.apply(value.asString());
  }
}
