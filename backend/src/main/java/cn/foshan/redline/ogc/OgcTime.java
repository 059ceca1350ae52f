package cn.foshan.redline.ogc;

import cn.foshan.redline.system.ApiException;
import cn.foshan.redline.system.Times;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * The {@code datetime} of an items request (OGC API – Features Part 1, /req/core/fc-time-definition
 * and fc-time-response): an instant or an interval from {@code from} to {@code to}, both included,
 * each null when the interval is open there ({@code ..} or empty). An instant is an RFC 3339
 * date-time with its offset; a date (no time) is the whole of that day in Foshan's time ({@link
 * Times#FOSHAN}, China Standard Time), the time of the figures' years and of the data's dates. One
 * end of an interval may be an ISO 8601 duration instead ({@code 2025-06-01/P1M6DT12H}, {@code
 * P2D/2025-06-30T00:00:00Z}), as the OGC's test suite sends and ISO 8601 intervals allow.
 *
 * <p>What it selects depends on the collection: a layer keeping history gives every feature that
 * existed at some moment of the time, as it was at the latest such moment (for an instant: the
 * layer as it was then); a view of features by year gives the years the time meets; any other
 * collection has no time, and all its features meet any datetime (fc-time-response C).
 */
record OgcTime(Instant from, Instant to) {

  /** The temporal reference system of the extents: the Gregorian calendar. */
  static final String TRS = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian";

  /** How temporal extents are written: RFC 3339 in China Standard Time. */
  static final DateTimeFormatter RFC3339 = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

  private static final String FORM =
      "datetime must be an RFC 3339 date-time with its offset (2025-06-30T12:00:00Z,"
          + " 2025-06-30T20:00:00+08:00), a date (2025-06-30: that day in China Standard Time), or"
          + " an interval of them, start/end, with an open end as '..' or empty"
          + " (2025-01-01/.., ../2025-06-30T12:00:00Z), one end of which may be an ISO 8601 duration"
          + " (2025-01-01/P1M)";

  /** The parameter's value as a time; null when absent; a 400 problem when malformed. */
  static OgcTime parse(String text) {
    if (text == null) {
      return null;
    }
    String value = text.strip();
    if (value.isEmpty() || value.length() > 100) {
      throw invalid(FORM);
    }
    String[] parts = value.split("/", -1);
    if (parts.length > 2) {
      throw invalid(FORM);
    }
    if (parts.length == 1) {
      if (parts[0].equals("..")) {
        throw invalid(FORM);
      }
      return new OgcTime(start(parts[0]), end(parts[0]));
    }
    if ((open(parts[0]) && open(parts[1])) || (duration(parts[0]) && duration(parts[1]))) {
      // the ABNF of /req/core/fc-time-response has one open end at most
      throw invalid(FORM);
    }
    Instant from;
    Instant to;
    if (duration(parts[1])) {
      from = open(parts[0]) ? null : start(parts[0]);
      if (from == null) {
        throw invalid(FORM);
      }
      to = shift(from, parts[1], 1);
    } else if (duration(parts[0])) {
      to = open(parts[1]) ? null : end(parts[1]);
      if (to == null) {
        throw invalid(FORM);
      }
      from = shift(to, parts[0], -1);
    } else {
      from = open(parts[0]) ? null : start(parts[0]);
      to = open(parts[1]) ? null : end(parts[1]);
    }
    if (from != null && to != null && from.isAfter(to)) {
      throw invalid(
          "datetime's interval ends (" + parts[1] + ") before it starts (" + parts[0] + ")");
    }
    return new OgcTime(
        Times.checked(from, "invalid-datetime", "datetime " + shorten(value)),
        Times.checked(to, "invalid-datetime", "datetime " + shorten(value)));
  }

  private static String shorten(String text) {
    return text.length() > 40 ? text.substring(0, 40) + "…" : text;
  }

  private static boolean duration(String part) {
    return part.length() > 1 && (part.charAt(0) == 'P' || part.charAt(0) == 'p');
  }

  /**
   * An instant moved by an ISO 8601 duration ({@code P1Y2M3W4DT5H6M7.5S}) forwards (1) or backwards
   * (-1); years, months and days on the calendar of China Standard Time.
   */
  private static Instant shift(Instant t, String text, int sign) {
    String d = text.toUpperCase(Locale.ROOT);
    int split = d.indexOf('T');
    String date = split < 0 ? d : d.substring(0, split);
    String time = split < 0 ? "" : d.substring(split);
    try {
      java.time.Period period =
          date.equals("P") ? java.time.Period.ZERO : java.time.Period.parse(date);
      java.time.Duration duration =
          time.isEmpty() ? java.time.Duration.ZERO : java.time.Duration.parse("P" + time);
      if (period.isNegative() || duration.isNegative() || (time.isEmpty() && date.equals("P"))) {
        throw invalid(FORM + "; '" + text + "' is not a duration");
      }
      java.time.ZonedDateTime o = t.atZone(Times.FOSHAN);
      return (sign > 0 ? o.plus(period).plus(duration) : o.minus(period).minus(duration))
          .toInstant();
    } catch (java.time.DateTimeException | ArithmeticException e) {
      throw invalid(FORM + "; '" + text + "' is not a duration");
    }
  }

  private static boolean open(String part) {
    return part.isEmpty() || part.equals("..");
  }

  /** The first moment of a date-time (itself) or of a date (its start, China Standard Time). */
  private static Instant start(String part) {
    if (isDate(part)) {
      return date(part).atStartOfDay(Times.FOSHAN).toInstant();
    }
    return dateTime(part);
  }

  /** The last moment of a date-time (itself) or of a date (its last microsecond). */
  private static Instant end(String part) {
    if (isDate(part)) {
      return date(part)
          .plusDays(1)
          .atStartOfDay(Times.FOSHAN)
          .toInstant()
          .minus(1, ChronoUnit.MICROS);
    }
    return dateTime(part);
  }

  private static boolean isDate(String part) {
    return part.length() == 10;
  }

  private static LocalDate date(String part) {
    try {
      return Times.checked(LocalDate.parse(part), "invalid-datetime", "datetime " + part);
    } catch (DateTimeParseException e) {
      throw invalid(FORM + "; '" + part + "' is not a date");
    }
  }

  private static Instant dateTime(String part) {
    try {
      // RFC 3339 allows t and z in lower case
      return Times.checked(
              OffsetDateTime.parse(part.toUpperCase(Locale.ROOT)),
              "invalid-datetime",
              "datetime " + shorten(part))
          .toInstant();
    } catch (DateTimeParseException e) {
      throw invalid(FORM + "; '" + part + "' is not one");
    }
  }

  private static ApiException invalid(String detail) {
    return ApiException.badRequest("invalid-datetime", detail);
  }

  /** The start as PostgreSQL reads a timestamptz: -infinity when open. */
  String fromSql() {
    return from == null ? "-infinity" : from.toString();
  }

  /** The end as PostgreSQL reads a timestamptz: infinity when open. */
  String toSql() {
    return to == null ? "infinity" : to.toString();
  }

  /** The calendar year (China Standard Time) of the start; null when open. */
  Integer fromYear() {
    return from == null ? null : from.atZone(Times.FOSHAN).getYear();
  }

  /** The calendar year (China Standard Time) of the end; null when open. */
  Integer toYear() {
    return to == null ? null : to.atZone(Times.FOSHAN).getYear();
  }

  /** An instant for a temporal extent, in China Standard Time; null stays null (open). */
  static String format(OffsetDateTime t) {
    return t == null ? null : t.atZoneSameInstant(Times.FOSHAN).toOffsetDateTime().format(RFC3339);
  }
}
