package cn.foshan.redline.demo;

import cn.foshan.redline.system.OwnerDatabase;
import cn.foshan.redline.system.SqlFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The demo city's liquidated damages 违约金: assessed from the compliance check of 2025, so after the
 * efficiency initializer has computed it; once, in a demo city that has none yet (they are
 * append-only). Written as the schema's owner.
 */
@Component
@DependsOn("efficiencyInitializer")
class DemoDamagesInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(DemoDamagesInitializer.class);

  private final String damagesSql = SqlFiles.load("demo/insert_breach_damages.sql");
  private final JdbcClient jdbc;
  private final DemoProperties properties;

  DemoDamagesInitializer(OwnerDatabase owner, DemoProperties properties) {
    this.jdbc = owner.jdbc();
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    if (!properties.enabled()) {
      return;
    }
    boolean due =
        jdbc.sql(
                "SELECT EXISTS (SELECT 1 FROM dataset_info WHERE key = 'kind' AND value = 'demo')"
                    + " AND NOT EXISTS (SELECT 1 FROM breach_damages)"
                    + " AND EXISTS (SELECT 1 FROM parcel_breach WHERE year = 2025)")
            .query(Boolean.class)
            .single();
    if (!due) {
      return;
    }
    for (String statement : SqlFiles.statements(damagesSql)) {
      jdbc.sql(statement).update();
    }
    log.info(
        "demo liquidated damages: {}",
        jdbc.sql("SELECT count(*) FROM breach_damages").query(Long.class).single());
  }
}
