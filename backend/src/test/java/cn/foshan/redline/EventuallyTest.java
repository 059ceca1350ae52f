package cn.foshan.redline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("fast")
class EventuallyTest {

  @Test
  void returnsOnceTheConditionHolds() throws Exception {
    AtomicInteger asked = new AtomicInteger();
    Eventually.until(
        "the third question", Duration.ofMinutes(1), () -> asked.incrementAndGet() == 3);
    assertThat(asked).hasValue(3);
  }

  @Test
  void failsAfterTheTimeoutNamingWhatItWaitedFor() {
    assertThatThrownBy(() -> Eventually.until("never", Duration.ofMillis(20), () -> false))
        .isInstanceOf(AssertionError.class)
        .hasMessage("waited PT0.02S in vain for never");
  }

  @Test
  void aFailedAssertionInTheConditionEndsTheWaitAtOnce() {
    assertThatThrownBy(
            () ->
                Eventually.until(
                    "a live service",
                    Duration.ofMinutes(1),
                    () -> {
                      throw new AssertionError("the service died");
                    }))
        .hasMessage("the service died");
  }
}
