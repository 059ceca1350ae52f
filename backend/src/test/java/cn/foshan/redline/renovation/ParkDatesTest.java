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
          null,
          "INDUSTRIAL");

  private static List<String> refusals(LocalDate date) {
    return ParkTransitions.refusals(
        PLANNED,
        new ParkTransitions.Transition(
            "DEMOLITION", date, "开始拆除", null, null, null, null, null, null, null, null),
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
                    null,
                    null),
                LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN)))
        .singleElement()
        .asString()
        .contains("下一状态只能是 DEMOLITION");
  }

  private static ParkTransitions.State park(String status, String type, String targetUse) {
    return new ParkTransitions.State(
        1,
        "CG-002",
        "440606",
        status,
        LocalDate.of(2026, 1, 15),
        2,
        type,
        type == null ? null : 2026,
        null,
        null,
        null,
        null,
        targetUse);
  }

  private static List<String> move(
      ParkTransitions.State park, String to, String type, Integer year, String use) {
    return ParkTransitions.refusals(
        park,
        new ParkTransitions.Transition(
            to, LocalDate.of(2026, 3, 1), "推进", null, type, year, null, null, null, null, use),
        LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN));
  }

  @Test
  void eachRenovationTypeFollowsItsOwnPath() {
    // 微改造 and 综合整治 go from 计划 straight to their works, with no demolished area required
    assertThat(move(park("PLANNED", "LIGHT", "INDUSTRIAL"), "CONSTRUCTION", null, null, null))
        .isEmpty();
    assertThat(
            move(park("PLANNED", "COMPREHENSIVE", "INDUSTRIAL"), "CONSTRUCTION", null, null, null))
        .isEmpty();
    assertThat(move(park("PLANNED", "LIGHT", "INDUSTRIAL"), "DEMOLITION", null, null, null))
        .singleElement()
        .asString()
        .contains("微改造的下一状态只能是 CONSTRUCTION");
    // 综合整治 ends at 竣工
    assertThat(
            move(park("COMPLETED", "COMPREHENSIVE", "INDUSTRIAL"), "PRODUCTION", null, null, null))
        .first()
        .asString()
        .contains("综合整治已走完改造路径，没有下一状态");
    // a full renovation still demolishes first, and records what it demolished
    assertThat(move(park("PLANNED", "FULL", "INDUSTRIAL"), "CONSTRUCTION", null, null, null))
        .containsExactly(
            "CG-002 现为计划（PLANNED），全面改造的下一状态只能是 DEMOLITION（拆除）（a park moves one status"
                + " forward at a"
                + " time on the path of its renovation type, NOT_PLANNED → PLANNED → DEMOLITION →"
                + " CONSTRUCTION → COMPLETED → PRODUCTION: from PLANNED only to DEMOLITION）",
            "拆除完成需要拆除面积 demolishedAreaM2（the demolished area, m²）");
  }

  @Test
  void planningNeedsTypeYearAndTargetUse() {
    assertThat(move(park("NOT_PLANNED", null, null), "PLANNED", null, null, null))
        .hasSize(3)
        .anySatisfy(r -> assertThat(r).contains("renovationType"))
        .anySatisfy(r -> assertThat(r).contains("planYear"))
        .anySatisfy(r -> assertThat(r).contains("targetUse"));
    assertThat(move(park("NOT_PLANNED", null, null), "PLANNED", "LIGHT", 2026, "COMMERCIAL"))
        .isEmpty();
    assertThat(move(park("NOT_PLANNED", null, null), "PLANNED", "LIGHT", 2026, "SHOPS"))
        .singleElement()
        .asString()
        .contains("未知改造后用途");
  }
}
