package cn.foshan.redline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.ServiceClient;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.system.OwnerDatabase;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The demo city's grades as a bureau runs them (V32): 2024's list published in May 2025, objected
 * to twice (one upheld C → B, one rejected), frozen, with exit cases for its two lowest D firms and
 * improvement cases for two C firms (the upheld one not among them), one followed up; 2025's list
 * published today and in its objection period, one objection decided, one waiting. Then the demo
 * city is reloaded (as {@code ./redline run --reload} does: the demo loader with reload, then the
 * initializers after it): the frozen list does not stop it, and the new city has its grades again.
 * On a small city of its own (1,500 parcels).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class DemoGradesTest {

  private static final String SCHEMA = TestDatabase.schema("demo_grades");

  @LocalServerPort private int port;
  @Autowired private ApplicationContext context;
  @Autowired private OwnerDatabase owner;
  @Autowired private DemoProperties properties;

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    TestDatabase.register(registry, SCHEMA);
    registry.add("redline.demo.enabled", () -> "true");
    registry.add("redline.demo.parcels", () -> "1500");
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  private long count(String sql) {
    return owner.jdbc().sql(sql).query(Long.class).single();
  }

  private void theDemoCityHasItsGrades() throws Exception {
    JdbcClient jdbc = owner.jdbc();
    LocalDate today = jdbc.sql("SELECT current_date").query(LocalDate.class).single();
    // 2024 final, 2025 published and in its period
    List<Map<String, Object>> pubs =
        jdbc.sql(
                "SELECT year::int AS year, starts_on, ends_on, frozen_at IS NOT NULL AS frozen FROM grade_publication"
                    + " ORDER BY year")
            .query()
            .listOfRows();
    assertThat(pubs).hasSize(2);
    assertThat(pubs.get(0)).containsEntry("year", 2024).containsEntry("frozen", true);
    assertThat(pubs.get(0).get("starts_on").toString()).isEqualTo("2025-05-12");
    assertThat(pubs.get(1)).containsEntry("year", 2025).containsEntry("frozen", false);
    assertThat(pubs.get(1).get("starts_on").toString()).isEqualTo(today.minusDays(3).toString());
    assertThat(pubs.get(1).get("ends_on").toString()).isEqualTo(today.plusDays(4).toString());

    // objections: 2024's both decided (one upheld to B), 2025's one of two
    assertThat(
            jdbc.sql(
                    "SELECT p.year || ':' || coalesce(d.outcome, 'WAITING') || ':'"
                        + " || coalesce(d.grade_before || '>' || d.grade_after, coalesce(d.grade_before, '-'))"
                        + " FROM grade_objection o JOIN grade_publication p ON p.id = o.publication_id"
                        + " LEFT JOIN grade_objection_decision d ON d.objection_id = o.id ORDER BY o.id")
                .query(String.class)
                .list())
        .containsExactly("2024:UPHELD:C>B", "2024:REJECTED:D", "2025:REJECTED:D", "2025:WAITING:-");

    // cases of the final list: two EXIT for D, two IMPROVEMENT for C, each of the grade the final
    // list gives the firm; the firm upheld to B has none; the first exit case is followed up
    assertThat(
            jdbc.sql(
                    "SELECT c.kind || ':' || c.grade || ':' || g.grade || ':' || c.status FROM grade_case c"
                        + " JOIN published_grade g ON g.publication_id = c.publication_id"
                        + " AND g.enterprise_id = c.enterprise_id ORDER BY c.id")
                .query(String.class)
                .list())
        .containsExactly(
            "EXIT:D:D:FOLLOWING_UP",
            "EXIT:D:D:OPEN",
            "IMPROVEMENT:C:C:OPEN",
            "IMPROVEMENT:C:C:OPEN");
    assertThat(
            count(
                "SELECT count(*) FROM grade_case c JOIN grade_objection o ON o.enterprise_id = c.enterprise_id"
                    + " JOIN grade_objection_decision d ON d.objection_id = o.id AND d.outcome = 'UPHELD'"))
        .isZero();
    assertThat(count("SELECT count(*) FROM grade_case_follow_up")).isEqualTo(1);

    // what the planner's page asks for
    ServiceClient client = new ServiceClient(port);
    JsonNode open = planner(client, "/api/efficiency/publications?year=2025");
    assertThat(open).hasSize(1);
    assertThat(open.get(0).get("state").asString()).isEqualTo("PUBLISHED");
    JsonNode cases = planner(client, "/api/efficiency/cases?year=2024");
    assertThat(cases).hasSize(4);
  }

  private static JsonNode planner(ServiceClient client, String path) throws Exception {
    java.net.http.HttpResponse<byte[]> response = client.send("GET", path, "planner", null);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return ServiceClient.json(response.body());
  }

  /**
   * A published year is never recomputed at start, even when it looks stale: its grades stay as
   * published (V32's triggers would refuse the recompute and stop the start). The year's city
   * figures are taken away, which makes it stale; the start-up computation leaves it as it is.
   */
  @Test
  void aPublishedYearIsNotRecomputedAtStart() throws Exception {
    JdbcClient jdbc = owner.jdbc();
    String grades =
        "SELECT md5(string_agg(enterprise_id || ':' || coalesce(grade, '-'), ',' ORDER BY"
            + " enterprise_id)) FROM enterprise_grade g JOIN grading_model m ON m.id = g.model_id"
            + " WHERE m.year = 2025 AND m.active";
    String gradesBefore = jdbc.sql(grades).query(String.class).single();
    // the city's figures of 2025 moved out of the way (to a year without figures): 2025 is stale
    String moved = "UPDATE unit_efficiency SET year = :to WHERE year = :from AND level = 'city'";
    assertThat(jdbc.sql(moved).param("from", 2025).param("to", 1900).update()).isEqualTo(1);
    try {
      context.getBean("efficiencyInitializer", InitializingBean.class).afterPropertiesSet();
      assertThat(count("SELECT count(*) FROM unit_efficiency WHERE year = 2025 AND level = 'city'"))
          .as("2025 recomputed")
          .isZero();
      assertThat(jdbc.sql(grades).query(String.class).single()).isEqualTo(gradesBefore);
    } finally {
      jdbc.sql(moved).param("from", 1900).param("to", 2025).update();
    }
  }

  @Test
  void theDemoCityPublishesFreezesAndOpensCasesAndReloadsWithThem() throws Exception {
    theDemoCityHasItsGrades();
    long parcels = count("SELECT count(*) FROM parcel");

    // ./redline run --reload: the demo loader empties the city (the frozen list with it) and loads
    // it again, then the initializers that follow it at start run again
    new DemoCityInitializer(
            owner,
            new DemoProperties(
                properties.enabled(), properties.seed(), properties.parcels(), Boolean.TRUE))
        .afterPropertiesSet();
    assertThat(count("SELECT count(*) FROM grade_publication")).isZero();
    assertThat(count("SELECT count(*) FROM grade_case")).isZero();
    assertThat(count("SELECT count(*) FROM parcel")).isEqualTo(parcels);
    for (String bean :
        List.of(
            "demoUsersInitializer",
            "efficiencyInitializer",
            "demoDamagesInitializer",
            "demoGradesInitializer")) {
      context.getBean(bean, InitializingBean.class).afterPropertiesSet();
    }
    theDemoCityHasItsGrades();
  }
}
