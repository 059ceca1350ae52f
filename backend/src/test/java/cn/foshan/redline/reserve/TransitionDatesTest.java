package cn.foshan.redline.reserve;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.system.Times;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A reserve piece's stage date lies between the day it entered its current stage and today, and
 * today is Foshan's, read from a fixed clock as the service reads its Clock bean: at 00:30 on 1
 * April in Foshan it is still 31 March in UTC; 1 April is allowed, 2 April not yet.
 */
@Tag("fast")
class TransitionDatesTest {

  private static final Clock HALF_PAST_MIDNIGHT_IN_FOSHAN =
      Clock.fixed(Instant.parse("2026-03-31T16:30:00Z"), Times.FOSHAN);

  private static final StageTransitions.Piece READY =
      new StageTransitions.Piece(
          1, "CB-001", "测试储备地", "440605", "READY", LocalDate.of(2026, 1, 15), 3, 40, "{}", null);

  private static List<String> refusals(String to, LocalDate on) {
    return StageTransitions.orderAndDateReasons(
            READY,
            to,
            on,
            LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN),
            new StageTransitions.Request(to, on, "佛自然资〔2026〕1号", null, 3, null, null))
        .stream()
        .map(StageTransitions.Reason::code)
        .toList();
  }

  @Test
  void todayIsFoshansToday() {
    assertThat(refusals("SUPPLIED", LocalDate.of(2026, 4, 1))).isEmpty();
    assertThat(refusals("SUPPLIED", LocalDate.of(2026, 4, 2))).containsExactly("date-in-future");
  }

  @Test
  void aDateBeforeTheCurrentStageIsRefused() {
    assertThat(refusals("SUPPLIED", LocalDate.of(2026, 1, 14)))
        .containsExactly("date-before-stage");
    assertThat(refusals("SUPPLIED", LocalDate.of(2026, 1, 15))).isEmpty();
  }

  @Test
  void stagesAreNotSkipped() {
    assertThat(refusals("STARTED", LocalDate.of(2026, 4, 1))).containsExactly("skips-stage");
  }
}
