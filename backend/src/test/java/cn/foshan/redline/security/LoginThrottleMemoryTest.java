package cn.foshan.redline.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The throttle remembers at most maxTracked user names (and addresses), the least recently seen
 * forgotten first: a flood of made-up names cannot grow the service's memory.
 */
@Tag("fast")
class LoginThrottleMemoryTest {

  private final Clock clock = Clock.fixed(Instant.parse("2026-06-01T08:00:00Z"), ZoneOffset.UTC);

  @Test
  void aFloodOfNamesIsForgottenLeastRecentFirst() {
    LoginThrottle throttle =
        new LoginThrottle(new LoginProperties(5, 1000, Duration.ofMinutes(15), 100), clock);
    for (int i = 0; i < 4; i++) {
      throttle.failed("victim", "10.0.0.1");
    }
    for (int i = 0; i < 100; i++) {
      throttle.failed("name" + i, "10.0.1." + i);
    }
    // the victim's four were forgotten: a fifth failure starts a count of one
    throttle.failed("victim", "10.0.0.1");
    assertThat(throttle.refusal("victim", "10.0.0.2")).isEmpty();

    // without the flood the fifth failure shuts it
    LoginThrottle quiet =
        new LoginThrottle(new LoginProperties(5, 1000, Duration.ofMinutes(15), 100), clock);
    for (int i = 0; i < 5; i++) {
      quiet.failed("victim", "10.0.0.1");
    }
    assertThat(quiet.refusal("victim", "10.0.0.2")).contains(Duration.ofMinutes(15));
  }
}
