package cn.foshan.redline.renovation;

import static org.assertj.core.api.Assertions.assertThat;

import cn.foshan.redline.system.Times;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A village park's status date is neither in the future nor before its current status's, today
 * being Foshan's from a fixed clock (as the service reads its Clock bean): at 00:30 on 1 April in
 * Foshan it is still 31 March in UTC.
 */
@Tag("fast")
class ParkDatesTest {

  private static final Clock HALF_PAST_MIDNIGHT_IN_FOSHAN =
      Clock.fixed(Instant.parse("2026-03-31T16:30:00Z"), Times.FOSHAN);

  private static final ParkTransitions.State PLANNED =
      new ParkTransitions.State(
          1,
          "CG-001",
          "440606",
          "PLANNED",
          LocalDate.of(2026, 1, 15),
          2,
          "FULL",
          2026,
          null,
          null,
          null,
          null);

  private static List<String> refusals(LocalDate date) {
    return ParkTransitions.refusals(
        PLANNED,
        new ParkTransitions.Transition(
            "DEMOLITION", date, "开始拆除", null, null, null, null, null, null, null),
        LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN));
  }

  @Test
  void todayIsFoshansToday() {
    assertThat(refusals(LocalDate.of(2026, 4, 1))).isEmpty();
    assertThat(refusals(LocalDate.of(2026, 4, 2))).singleElement().asString().contains("在将来");
  }

  @Test
  void aDateBeforeTheCurrentStatusIsRefused() {
    assertThat(refusals(LocalDate.of(2026, 1, 14)))
        .singleElement()
        .asString()
        .contains("早于上一状态的日期 2026-01-15");
    assertThat(refusals(LocalDate.of(2026, 1, 15))).isEmpty();
  }

  @Test
  void theNextDataAreAskedFor() {
    assertThat(
            ParkTransitions.refusals(
                PLANNED,
                new ParkTransitions.Transition(
                    "CONSTRUCTION",
                    LocalDate.of(2026, 3, 1),
                    null,
                    null,
                    null,
                    null,
                    BigDecimal.ONE,
                    null,
                    null,
                    null),
                LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN)))
        .singleElement()
        .asString()
        .contains("下一状态只能是 DEMOLITION");
  }
}
