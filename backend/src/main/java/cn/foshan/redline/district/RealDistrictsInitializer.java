package cn.foshan.redline.district;

import cn.foshan.redline.gisdata.RealDistricts;
import cn.foshan.redline.system.OwnerDatabase;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * Loads Foshan's five real districts (gis-data) into a database that has none, once the schema is
 * migrated: they are reference data, there with or without the demo city. Written as the schema's
 * owner: the service may only read them.
 */
@Component("realDistrictsInitializer")
@DependsOn("flywayInitializer")
class RealDistrictsInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(RealDistrictsInitializer.class);

  private final OwnerDatabase owner;

  RealDistrictsInitializer(OwnerDatabase owner) {
    this.owner = owner;
  }

  @Override
  public void afterPropertiesSet() throws SQLException, IOException {
    if (owner.jdbc().sql("SELECT EXISTS (SELECT 1 FROM district)").query(Boolean.class).single()) {
      return;
    }
    try (Connection c = owner.dataSource().getConnection()) {
      log.info("loaded the {} real districts", RealDistricts.load(c));
    }
  }
}
