package cn.foshan.redline;

import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;

/**
 * One package per capability, and no capability reaches into another's internals or depends on it
 * in a cycle (Spring Modulith's rules: only a module's top-level public types are its API).
 */
class ModularityTests {

  @Test
  void capabilitiesKeepToTheirBoundaries() {
    ApplicationModules.of(RedlineApplication.class).verify();
  }
}
