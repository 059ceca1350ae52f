package cn.foshan.redline.efficiency;

import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The city of the tests of what follows the grading: one district (禅城), one cluster, four equal
 * parcels P1…P4 held by E1…E4 (industry 34, founded 2010) whose tax of the year (400, 300, 200,
 * 100) ranks them 1 to 4 on tax per mu; the accounts bureau, planner and chancheng (district).
 */
final class GradingCity {

  private GradingCity() {}

  static String code(int i) {
    return "91440600GRADE0000" + i;
  }

  static void build(JdbcClient jdbc, UserAccounts accounts, int year) {
    // the service loaded the real districts into its empty schema: this city has one square one
    jdbc.sql("TRUNCATE district, change_set RESTART IDENTITY CASCADE").update();
    jdbc.sql(
            "INSERT INTO change_set (author, reason, status, committed_at)"
                + " VALUES ('test', 'hand-made city', 'COMMITTED', now())")
        .update();
    jdbc.sql(
            "INSERT INTO district (code, name, name_en, red_line_minimum_km2, geom) VALUES"
                + " ('440604', '禅城区', 'Chancheng', 1,"
                + " ST_Multi(ST_MakeEnvelope(112.0, 22.0, 112.45, 23.5, 4490)))")
        .update();
    accounts.create(jdbc, "bureau", "Bureau", "bureau-2026", Role.BUREAU, null);
    accounts.create(jdbc, "planner", "Planner", "planner-2026", Role.PLANNER, null);
    accounts.create(jdbc, "chancheng", "Chancheng", "district-2026", Role.DISTRICT, "440604");
    long cluster =
        jdbc.sql(
                "INSERT INTO industrial_cluster (code, name, name_en, geom, change_set_id) VALUES"
                    + " ('C1', '禅城测试集聚区', 'C1', ST_Multi(ST_MakeEnvelope(112.005, 22.05, 112.2,"
                    + " 22.25, 4490)), 1) RETURNING id")
            .query(Long.class)
            .single();
    for (int i = 1; i <= 4; i++) {
      double x = 112.01 + 0.02 * i;
      long parcel =
          jdbc.sql(
                  "INSERT INTO parcel (code, district_code, cluster_id, land_use, grant_type,"
                      + " granted_on, works_started_on, completed_on, production_started_on, geom,"
                      + " change_set_id) VALUES (:code, '440604', :c, '0601', 'GRANT', '2015-01-01',"
                      + " '2015-06-01', '2016-01-01', '2016-06-01',"
                      + " ST_Multi(ST_MakeEnvelope(:x, 22.1, :x + 0.01, 22.11, 4490)), 1) RETURNING id")
              .param("code", "P" + i)
              .param("c", cluster)
              .param("x", x)
              .query(Long.class)
              .single();
      long enterprise =
          jdbc.sql(
                  "INSERT INTO enterprise (credit_code, name, industry_code, district_code,"
                      + " founded_on) VALUES (:cc, :name, '34', '440604', '2010-01-01') RETURNING id")
              .param("cc", code(i))
              .param("name", "测试企业 E" + i)
              .query(Long.class)
              .single();
      jdbc.sql(
              "INSERT INTO parcel_enterprise (parcel_id, enterprise_id, floor_area_share, since)"
                  + " VALUES (:p, :e, 1, '2020-01-01')")
          .param("p", parcel)
          .param("e", enterprise)
          .update();
      jdbc.sql(
              "INSERT INTO annual_indicator (enterprise_id, year, tax_10k_cny, output_10k_cny,"
                  + " value_added_10k_cny, revenue_10k_cny, fixed_asset_investment_10k_cny,"
                  + " energy_tce, emissions_t, employees, rd_expense_10k_cny)"
                  + " VALUES (:e, :y, :t, :t * 10, :t * 3, :t * 11, :t * 20, :t / 2, 1, 10, :t / 2)")
          .param("e", enterprise)
          .param("y", year)
          .param("t", 100 * (5 - i))
          .update();
    }
  }
}
