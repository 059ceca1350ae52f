package cn.foshan.redline.demo;

import cn.foshan.redline.gisdata.DemoCity;
import cn.foshan.redline.system.OwnerDatabase;
import cn.foshan.redline.system.SqlFiles;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads the demo city once the schema is migrated and the real districts are in, before the web
 * server starts, when no layer holds anything yet (no change set); with {@code
 * redline.demo.reload}, first empties a demo city (the demo loader then loads the districts again
 * with it); then its planning zones, its idle land (grant prices, construction progress, four
 * disposal cases) and its major industrial projects with the reserve pieces kept for them. Written
 * as the schema's owner.
 */
@Component
@DependsOn("realDistrictsInitializer")
class DemoCityInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(DemoCityInitializer.class);

  private final String planningZonesSql = SqlFiles.load("demo/insert_planning_zones.sql");
  private final String idleLandSql = SqlFiles.load("demo/insert_idle_land.sql");
  private final String majorProjectsSql = SqlFiles.load("demo/insert_major_projects.sql");
  private final OwnerDatabase owner;
  private final JdbcClient jdbc;
  private final DemoProperties properties;

  DemoCityInitializer(OwnerDatabase owner, DemoProperties properties) {
    this.owner = owner;
    this.jdbc = owner.jdbc();
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() throws SQLException {
    if (!properties.enabled()) {
      return;
    }
    // Every row of every layer belongs to a change set: none means no layer holds anything yet.
    boolean empty =
        jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM change_set)").query(Boolean.class).single();
    if (!empty && properties.reload()) {
      String kind =
          jdbc.sql("SELECT value FROM dataset_info WHERE key = 'kind'")
              .query(String.class)
              .optional()
              .orElse("");
      if (!kind.equals("demo")) {
        throw new IllegalStateException(
            "redline.demo.reload refused: this database holds data that is not a demo city");
      }
      // Every table of the city refers to a district or a change set, so CASCADE empties them all
      // and leaves the reference tables (city, industry, land_use) alone; and the grading models,
      // on which the publications of their grades hang (a published model's grades are never
      // graded again, so the new city's years need models of their own). A frozen final list
      // keeps any other database from being emptied; a demo city's goes with it (V50). The
      // city's figures too (unit_efficiency names no row of the city): every year of the new city
      // is then computed afresh at start, with its default model.
      jdbc.sql(
              "TRUNCATE district, change_set, dataset_info, grading_model, unit_efficiency"
                  + " RESTART IDENTITY CASCADE")
          .update();
      empty = true;
    }
    if (!empty) {
      log.info("database already holds data; demo city not loaded");
      return;
    }
    DemoCity.Options options = new DemoCity.Options(properties.seed(), properties.parcels());
    log.info("loading the demo city: seed {}, {} parcels", options.seed(), options.parcels());
    try (Connection c = owner.dataSource().getConnection()) {
      DemoCity.Summary summary = DemoCity.load(c, options);
      log.info("demo city loaded in {} ms: {}", summary.millis(), summary.rows());
    }
    int zones =
        jdbc.sql(planningZonesSql)
            .param("seed", (int) Math.floorMod(options.seed(), 1_000_000L) + 1)
            .update();
    log.info("demo planning zones: {}", zones);
    for (String statement : SqlFiles.statements(idleLandSql)) {
      jdbc.sql(statement).update();
    }
    log.info(
        "demo idle land: {} disposal cases",
        jdbc.sql("SELECT count(*) FROM idle_land_case").query(Long.class).single());
    for (String statement : SqlFiles.statements(majorProjectsSql)) {
      jdbc.sql(statement).update();
    }
    log.info(
        "demo major projects: {}, holding {} reserve pieces",
        jdbc.sql("SELECT count(*) FROM major_project").query(Long.class).single(),
        jdbc.sql("SELECT count(*) FROM major_project_piece").query(Long.class).single());
  }
}
