package cn.foshan.redline.gisdata;

import cn.foshan.redline.gisdata.City.StageEvent;
import cn.foshan.redline.gisdata.City.VillagePark;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The demo city's ledgers: the annual renovation plans of the village parks, the parks' renovation
 * ledger and the factory buildings' stage ledger, so that each shows a plausible history.
 */
final class Ledgers {

  private Ledgers() {}

  /**
   * Each status a park passed through before its present one (the row of the present one is the
   * database's: a park inserted with the date of its status is recorded by the trigger of V6, so
   * the ledger ends at the park's status_since). Written before the parks, so the ledger's ids
   * follow the order of the statuses.
   */
  static void writeVillageParkLedgers(Connection c, List<VillagePark> parks, long changeSet)
      throws SQLException, IOException {
    try (CopyWriter copy =
        new CopyWriter(
            c,
            "village_park_status",
            "village_park_id, status, entered_on, actor, document_number, change_set_id")) {
      for (VillagePark p : parks) {
        for (StageEvent e : p.ledger().subList(0, Math.max(0, p.ledger().size() - 1))) {
          copy.integer(p.id())
              .text(e.stage())
              .date(e.enteredOn())
              .text(e.actor())
              .text(e.documentNumber())
              .integer(changeSet)
              .end();
        }
      }
    }
  }

  /**
   * The annual renovation plans: one batch per district and year, holding the parks planned for
   * that year, with targets a little above what those parks are expected to demolish (all of a full
   * renovation, a fifth of a light one, a twenty-fifth of a comprehensive one) and to build (to a
   * plot ratio of 3 for a full renovation, ×1.4 and ×1.07 of the plot ratio before otherwise).
   */
  static long writeRenovationPlans(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      long plans =
          st.executeUpdate(
              """
              INSERT INTO renovation_plan (year, district_code, batch, name, target_demolish_mu,
                                           target_floor_area_m2, document_number, updated_by)
              SELECT v.plan_year, v.district_code, 1,
                     d.name || v.plan_year || '年村级工业园改造计划（第一批）',
                     round(sum(v.floor_area_before_m2 * CASE v.renovation_type WHEN 'FULL' THEN 1.0
                               WHEN 'LIGHT' THEN 0.2 ELSE 0.04 END) * 1.1 / (10000.0 / 15), 2),
                     round(sum(v.area_m2 * CASE v.renovation_type WHEN 'FULL' THEN 3.0
                               WHEN 'LIGHT' THEN v.plot_ratio_before * 0.4
                               ELSE v.plot_ratio_before * 0.07 END)::numeric * 1.05, 1),
                     '佛' || left(d.name, 2) || '村改〔' || v.plan_year || '〕1号', 'demo-generator'
              FROM village_park v JOIN district d ON d.code = v.district_code
              WHERE v.plan_year IS NOT NULL
              GROUP BY v.plan_year, v.district_code, d.name
              ORDER BY v.plan_year, v.district_code
              """);
      st.executeUpdate(
          """
          INSERT INTO renovation_plan_park (plan_id, year, district_code, village_park_id)
          SELECT p.id, p.year, p.district_code, v.id
          FROM village_park v
          JOIN renovation_plan p ON p.year = v.plan_year AND p.district_code = v.district_code
          ORDER BY v.id
          """);
      return plans;
    }
  }

  /**
   * The stage ledger of every factory building: each stage up to its present one, the first on the
   * day its parcel was granted, the present one on its stage_since, the others at even steps
   * between.
   */
  static long writeFactoryLedger(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      return st.executeUpdate(
          """
          INSERT INTO factory_building_stage (factory_building_id, stage, entered_on, actor, change_set_id)
          SELECT b.id, (ARRAY['INDUSTRY_INTRODUCTION', 'APPROVAL', 'CONSTRUCTION', 'SALES', 'OPERATION',
                               'ASSESSMENT'])[k],
                 CASE WHEN k = r THEN b.stage_since
                      ELSE p.granted_on + (b.stage_since - p.granted_on) * (k - 1) / (r - 1) END,
                 'demo-generator', b.change_set_id
          FROM factory_building b
          JOIN parcel p ON p.id = b.parcel_id
          CROSS JOIN LATERAL factory_stage_rank(b.stage) r
          CROSS JOIN LATERAL generate_series(1, r) k
          ORDER BY b.id, k
          """);
    }
  }
}
