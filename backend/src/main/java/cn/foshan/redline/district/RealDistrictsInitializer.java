package cn.foshan.redline.district;

import cn.foshan.redline.gisdata.RealDistricts;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Loads Foshan's five real districts (gis-data) into a database that has none, once the schema is
 * migrated: they are reference data, there with or without the demo city.
 */
@Component("realDistrictsInitializer")
@DependsOn("flywayInitializer")
class RealDistrictsInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(RealDistrictsInitializer.class);

  private final DataSource dataSource;
  private final JdbcClient jdbc;

  RealDistrictsInitializer(DataSource dataSource, JdbcClient jdbc) {
    this.dataSource = dataSource;
    this.jdbc = jdbc;
  }

  @Override
  public void afterPropertiesSet() throws SQLException, IOException {
    if (jdbc.sql("SELECT EXISTS (SELECT 1 FROM district)").query(Boolean.class).single()) {
      return;
    }
    try (Connection c = dataSource.getConnection()) {
      log.info("loaded the {} real districts", RealDistricts.load(c));
    }
  }
}
