package cn.foshan.redline.demo;

import cn.foshan.redline.system.OwnerDatabase;
import cn.foshan.redline.system.SqlFiles;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo city's publication of grades and its cases (V32), once the efficiency initializer has
 * graded the years, in a demo city that has none yet: the year before the latest is published for a
 * week in May of the year after, objected to twice (one upheld, C → B; one rejected), frozen as its
 * final list 终版, and its two lowest-scoring D enterprises get exit cases (淘汰关停), its two
 * lowest-scoring C enterprises improvement cases (帮扶整治), the first exit case followed up; the
 * latest year is published today for a week (公示期 from three days ago to four days ahead, so it is
 * in its objection period whenever the city is loaded) with one objection decided and one waiting.
 * Written with the statements the service writes them with (sql/efficiency), as the schema's owner:
 * every rule of the database (the period, the list, the class of a case, the freeze) holds. A
 * frozen list keeps a real database from being emptied; a demo city's reload may still empty it
 * (V50).
 */
@Component
@DependsOn("efficiencyInitializer")
class DemoGradesInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(DemoGradesInitializer.class);

  private final Map<String, String> sql =
      SqlFiles.loadAll(
          "efficiency",
          "insert_publication",
          "insert_objection",
          "insert_decision",
          "freeze_publication",
          "insert_case",
          "insert_follow_up");
  private final JdbcClient jdbc;
  private final DemoProperties properties;

  DemoGradesInitializer(OwnerDatabase owner, DemoProperties properties) {
    this.jdbc = owner.jdbc();
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    if (!properties.enabled()) {
      return;
    }
    // the latest graded year whose year before is graded too
    List<Integer> latest =
        jdbc.sql(
                "SELECT max(m.year) FROM grading_model m WHERE m.active AND m.graded_at IS NOT NULL"
                    + " AND EXISTS (SELECT 1 FROM grading_model b WHERE b.active AND b.year = m.year - 1"
                    + " AND b.graded_at IS NOT NULL)"
                    + " AND EXISTS (SELECT 1 FROM dataset_info WHERE key = 'kind' AND value = 'demo')"
                    + " AND NOT EXISTS (SELECT 1 FROM grade_publication)")
            .query(Integer.class)
            .list();
    if (latest.isEmpty() || latest.get(0) == null) {
      return;
    }
    int year = latest.get(0);
    LocalDate today = jdbc.sql("SELECT current_date").query(LocalDate.class).single();

    // the year before: published in May of the year after, objected to, decided, frozen
    int last = year - 1;
    LocalDate starts = LocalDate.of(year, 5, 12);
    long frozen = publish(last, starts, starts.plusDays(6), "佛工信评〔" + year + "〕5号");
    List<String> cs = lowest(frozen, "C", 3);
    List<String> ds = lowest(frozen, "D", 3);
    long upheld =
        object(
            frozen,
            cs.get(0),
            last + "年度部分税款于次年1月补缴入库，申请按完税证明复核亩均税收",
            "完税证明 佛税证〔" + year + "〕0513号",
            starts.plusDays(1));
    decide(upheld, "UPHELD", "B", "经复核，补缴税款属" + last + "年度，计入后亩均税收达到B类基准，改为B类");
    long rejected =
        object(
            frozen,
            ds.get(0),
            "认为用地面积应扣除代征道路，亩均指标偏低",
            "宗地图 佛自然资测〔" + year + "〕88号",
            starts.plusDays(3));
    decide(rejected, "REJECTED", null, "用地面积以不动产登记面积为准，代征道路不在宗地内，维持D类");
    jdbc.sql(sql.get("freeze_publication")).param("id", frozen).query(Long.class).single();
    long exitCase = 0;
    for (String code : ds.subList(0, 2)) {
      long id =
          open(
              frozen,
              code,
              "EXIT",
              "淘汰关停：限期停产整治，整治不达标的依法关停腾退，土地由区政府依合同收回或协议收购后纳入储备",
              today.plusDays(365));
      exitCase = exitCase == 0 ? id : exitCase;
    }
    for (String code : cs.subList(1, 3)) {
      open(
          frozen,
          code,
          "IMPROVEMENT",
          "帮扶整治：一企一策诊断，推动技术改造和增资扩产，提高亩均税收和单位能耗增加值，年内复评",
          today.plusDays(180));
    }
    jdbc.sql(sql.get("insert_follow_up"))
        .param("case", exitCase)
        .param("happened", today)
        .param("note", "区工信局、自然资源分局联合约谈企业，送达限期整治通知书")
        .query(Long.class)
        .single();

    // the latest year: in its objection period now
    long open =
        publish(year, today.minusDays(3), today.plusDays(4), "佛工信评〔" + today.getYear() + "〕12号");
    List<String> openCs = lowest(open, "C", 1);
    List<String> openDs = lowest(open, "D", 1);
    long decided =
        object(open, openDs.get(0), "新购设备于年底投产，申请计入当年产值", "设备购置发票及验收报告", today.minusDays(2));
    decide(decided, "REJECTED", null, "评价以当年完税和统计数据为准，新增产能计入下一年度，维持原等级");
    object(
        open, openCs.get(0), "研发费用加计扣除未计入R&D投入，申请复核", "研发费用辅助账 " + year + "年度", today.minusDays(1));

    log.info(
        "demo grades: {} published (final list, {} cases), {} in its objection period until {}",
        last,
        jdbc.sql("SELECT count(*) FROM grade_case").query(Long.class).single(),
        year,
        today.plusDays(4));
  }

  private long publish(int year, LocalDate starts, LocalDate ends, String document) {
    long model =
        jdbc.sql("SELECT id FROM grading_model WHERE year = :y AND active")
            .param("y", year)
            .query(Long.class)
            .single();
    return jdbc.sql(sql.get("insert_publication"))
        .param("model", model)
        .param("starts", starts)
        .param("ends", ends)
        .param("document", document)
        .query(Long.class)
        .single();
  }

  /** The credit codes of the n lowest-scoring enterprises of a class on a publication's list. */
  private List<String> lowest(long publication, String grade, int n) {
    List<String> codes =
        jdbc.sql(
                "SELECT e.credit_code FROM published_grade g JOIN enterprise e ON e.id = g.enterprise_id"
                    + " WHERE g.publication_id = :p AND g.grade = :g ORDER BY g.score, e.credit_code"
                    + " LIMIT :n")
            .param("p", publication)
            .param("g", grade)
            .param("n", n)
            .query(String.class)
            .list();
    if (codes.size() < n) {
      throw new IllegalStateException(
          "the demo city's list " + publication + " has fewer than " + n + " " + grade + " firms");
    }
    return codes;
  }

  private long object(
      long publication, String code, String grounds, String evidence, LocalDate lodged) {
    return jdbc.sql(sql.get("insert_objection"))
        .param("publication", publication)
        .param("code", code)
        .param("objector", "企业法定代表人")
        .param("grounds", grounds)
        .param("evidence", evidence)
        .param("lodged", lodged)
        .query(Long.class)
        .single();
  }

  private void decide(long objection, String outcome, String grade, String reason) {
    jdbc.sql(sql.get("insert_decision"))
        .param("objection", objection)
        .param("outcome", outcome)
        .param("grade", grade)
        .param("reason", reason)
        .query(Long.class)
        .single();
  }

  private long open(long publication, String code, String kind, String plan, LocalDate deadline) {
    return jdbc.sql(sql.get("insert_case"))
        .param("publication", publication)
        .param("code", code)
        .param("kind", kind)
        .param("plan", plan)
        .param("deadline", deadline)
        .query(Long.class)
        .single();
  }
}
