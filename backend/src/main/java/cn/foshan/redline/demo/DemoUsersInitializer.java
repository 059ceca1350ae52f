package cn.foshan.redline.demo;

import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import cn.foshan.redline.system.OwnerDatabase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.context.annotation.DependsOn;
import org.springframework.stereotype.Component;

/**
 * The demo accounts, one for each role and each district, made when the demo is on, the database
 * holds a demo city ({@code dataset_info.kind = 'demo'}: never beside real data) and there are no
 * accounts yet. Their passwords are in the README: change them, or turn the demo off, anywhere real
 * (DemoAccountsWarning says so at start while they work on an address others reach).
 */
@Component
@DependsOn("demoCityInitializer")
class DemoUsersInitializer implements InitializingBean {

  private static final Logger log = LoggerFactory.getLogger(DemoUsersInitializer.class);

  /** username, display name, role, district, password. */
  static final String[][] USERS = {
    {"admin", "系统管理员 Administrator", "ADMIN", null, "admin-2026"},
    {"bureau", "市自然资源局 Land bureau", "BUREAU", null, "bureau-2026"},
    {"planner", "规划分析 Planner", "PLANNER", null, "planner-2026"},
    {"chancheng", "禅城区 Chancheng officer", "DISTRICT", "440604", "district-2026"},
    {"nanhai", "南海区 Nanhai officer", "DISTRICT", "440605", "district-2026"},
    {"shunde", "顺德区 Shunde officer", "DISTRICT", "440606", "district-2026"},
    {"sanshui", "三水区 Sanshui officer", "DISTRICT", "440607", "district-2026"},
    {"gaoming", "高明区 Gaoming officer", "DISTRICT", "440608", "district-2026"}
  };

  private final UserAccounts accounts;
  private final OwnerDatabase owner;
  private final DemoProperties properties;

  DemoUsersInitializer(UserAccounts accounts, OwnerDatabase owner, DemoProperties properties) {
    this.accounts = accounts;
    this.owner = owner;
    this.properties = properties;
  }

  @Override
  public void afterPropertiesSet() {
    if (!properties.enabled() || !accounts.none() || !demoCity()) {
      return;
    }
    for (String[] u : USERS) {
      accounts.create(owner.jdbc(), u[0], u[1], u[4], Role.valueOf(u[2]), u[3]);
    }
    log.info("created the {} demo accounts (see README)", USERS.length);
  }

  private boolean demoCity() {
    return owner
        .jdbc()
        .sql("SELECT EXISTS (SELECT 1 FROM dataset_info WHERE key = 'kind' AND value = 'demo')")
        .query(Boolean.class)
        .single();
  }
}
