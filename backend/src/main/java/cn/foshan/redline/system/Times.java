package cn.foshan.redline.system;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The times a request may name, so that PostgreSQL can hold them: years 1 to 9999 (RFC 3339 has
 * four-digit years, and neither PostgreSQL's text form nor the calendar has a year 0) and offsets
 * within ±15:59 (PostgreSQL's range; every real time zone lies within −12:00 and +14:00). Java
 * reads more (offsets to ±18:00, years to ±999,999,999); such a time is a 400 problem that says
 * why, not a failure of the database.
 */
public final class Times {

  /**
   * Foshan's time zone (China Standard Time): the days of the dates people give and of "today" in
   * the rules, as the database judges them ({@code now() AT TIME ZONE 'Asia/Shanghai'}).
   */
  public static final ZoneId FOSHAN = ZoneId.of("Asia/Shanghai");

  /** PostgreSQL's widest offset, ±15:59. */
  static final int MAX_OFFSET_SECONDS = 15 * 3600 + 59 * 60;

  private Times() {}

  /** The time itself, or a 400 problem ({@code slug}) naming {@code what} and why. */
  public static OffsetDateTime checked(OffsetDateTime t, String slug, String what) {
    if (t == null) {
      return null;
    }
    if (Math.abs(t.getOffset().getTotalSeconds()) > MAX_OFFSET_SECONDS) {
      throw ApiException.badRequest(
          slug,
          what
              + " 的时区偏移 "
              + t.getOffset()
              + " 超出 ±15:59（the offset of "
              + what
              + " is beyond ±15:59; real time zones lie within −12:00 and +14:00）");
    }
    years(t.getYear(), slug, what);
    years(t.withOffsetSameInstant(ZoneOffset.UTC).getYear(), slug, what);
    return t;
  }

  /** The instant itself (its year in UTC), or a 400 problem. */
  public static Instant checked(Instant t, String slug, String what) {
    if (t != null) {
      years(t.atOffset(ZoneOffset.UTC).getYear(), slug, what);
    }
    return t;
  }

  /** The date itself, or a 400 problem. */
  public static LocalDate checked(LocalDate d, String slug, String what) {
    if (d != null) {
      years(d.getYear(), slug, what);
    }
    return d;
  }

  private static void years(int year, String slug, String what) {
    if (year < 1 || year > 9999) {
      throw ApiException.badRequest(
          slug, what + " 不在公元 1 年至 9999 年之间（" + what + " is outside the years 1 to 9999）");
    }
  }
}
