package cn.foshan.redline.factory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A factory building's stage date lies between its current stage's and today, and today is
 * Foshan's: read from a fixed clock in Foshan's zone, as the service reads its Clock bean. At 00:30
 * on 1 April in Foshan it is still 31 March in UTC; 1 April is already allowed, 2 April not yet.
 */
@Tag("fast")
class StageDatesTest {

  private static final Clock HALF_PAST_MIDNIGHT_IN_FOSHAN =
      Clock.fixed(Instant.parse("2026-03-31T16:30:00Z"), ZoneId.of("Asia/Shanghai"));

  private static final Factories.Building APPROVED =
      new Factories.Building(
          1,
          "CF-001",
          "测试厂房",
          "测试开发商",
          "APPROVAL",
          LocalDate.of(2026, 1, 15),
          10_000,
          0,
          0,
          null,
          null,
          2,
          "P-002",
          "440605",
          1,
          OffsetDateTime.parse("2026-01-15T09:00:00+08:00"));

  private static java.util.List<String> refusals(LocalDate date) {
    return Factories.refusals(
        APPROVED,
        new Factories.StageRequest("construction", date, "开工 construction starts", null),
        LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN));
  }

  @Test
  void todayIsFoshansToday() {
    assertThat(LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN)).isEqualTo(LocalDate.of(2026, 4, 1));
    assertThat(refusals(LocalDate.of(2026, 4, 1))).isEmpty();
    assertThat(refusals(null)).isEmpty();
  }

  @Test
  void aDateAfterTodayOrBeforeTheCurrentStageIsRefused() {
    assertThat(refusals(LocalDate.of(2026, 4, 2)))
        .singleElement()
        .asString()
        .startsWith("日期 2026-04-02 须在 2026-01-15 与今天之间");
    assertThat(refusals(LocalDate.of(2026, 1, 14))).singleElement().asString().contains("须在");
    assertThat(refusals(LocalDate.of(2026, 1, 15))).isEmpty();
  }

  @Test
  void aBuildingMovesOneStageAtATime() {
    assertThat(
            Factories.refusals(
                APPROVED,
                new Factories.StageRequest("SALES", null, "跳过 skipping", null),
                LocalDate.now(HALF_PAST_MIDNIGHT_IN_FOSHAN)))
        .singleElement()
        .asString()
        .contains("only to CONSTRUCTION");
  }
}
