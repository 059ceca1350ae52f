package cn.foshan.redline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.EmptyCityTest;
import cn.foshan.redline.TestDatabase;
import cn.foshan.redline.security.Role;
import cn.foshan.redline.security.UserAccounts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The warning at start about demo accounts that still have their published passwords while the
 * service listens on an address other machines reach (here every address: 0.0.0.0).
 */
@ExtendWith(OutputCaptureExtension.class)
class DemoAccountsWarningTest extends EmptyCityTest {

  private static final String SCHEMA = TestDatabase.schema("demo_warning");

  @DynamicPropertySource
  static void database(DynamicPropertyRegistry registry) {
    register(registry, SCHEMA);
    registry.add("server.address", () -> "0.0.0.0");
  }

  @AfterAll
  static void drop() {
    TestDatabase.drop(SCHEMA);
  }

  @Autowired UserAccounts accounts;
  @Autowired Environment env;

  @Test
  void onlyLoopbackAddressesAreKeptToThisMachine() {
    assertThat(DemoAccountsWarning.reachableFromOthers(null)).isTrue();
    assertThat(DemoAccountsWarning.reachableFromOthers("0.0.0.0")).isTrue();
    assertThat(DemoAccountsWarning.reachableFromOthers("::")).isTrue();
    assertThat(DemoAccountsWarning.reachableFromOthers("192.168.1.20")).isTrue();
    assertThat(DemoAccountsWarning.reachableFromOthers("127.0.0.1")).isFalse();
    assertThat(DemoAccountsWarning.reachableFromOthers("::1")).isFalse();
    assertThat(DemoAccountsWarning.reachableFromOthers("localhost")).isFalse();
  }

  @Test
  void namesTheDemoAccountsWhosePasswordsArePublished(CapturedOutput output) {
    accounts.create(jdbc, "admin", null, "admin-2026", Role.ADMIN, null);
    accounts.create(jdbc, "bureau", null, "a-new-secret", Role.BUREAU, null);
    accounts.create(jdbc, "nanhai", null, "district-2026", Role.DISTRICT, "440605");
    accounts.setEnabled(jdbc, "nanhai", false);
    DemoAccountsWarning warning = new DemoAccountsWarning(accounts, env);
    assertThat(warning.withPublishedPasswords()).containsExactly("admin");
    warning.onApplicationEvent(null);
    assertThat(output.getOut() + output.getErr())
        .contains("WARN")
        .contains("演示账户仍使用公开的密码")
        .contains("  admin")
        .contains("--no-demo");
  }
}
