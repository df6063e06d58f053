package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Date-times as CertLogic 1.3.3 defines them. {@code plusTime} reads the formats
 * {@code YYYY}, {@code YYYY-MM}, {@code YYYY-MM-DD} and {@code YYYY-MM-DDThh:mm:ss} with an optional fraction of
 * any length (truncated to milliseconds) and an optional offset {@code Z}, {@code ±h}, {@code ±hh},
 * {@code ±hmm}, {@code ±hhmm}, {@code ±h:mm} or {@code ±hh:mm} (none means UTC). A partial date is read as
 * {@code dccDateOfBirth} reads it: the last day it can mean ({@code 2004} is 2004-12-31, {@code 2004-02} is
 * 2004-02-29). Offsetting works on the UTC calendar the way JavaScript's {@code Date.setUTC*} methods do: hours
 * and days are exact, and a month or year offset keeps the day of the month and lets it overflow into the next
 * month (2020-01-31 plus one month is 2020-03-02; 2020-02-29 plus one year is 2021-03-01).
 *
 * <p>Strings that are not in these formats, or that name impossible dates such as {@code 2021-09-99}, are errors
 * (the specification leaves them undefined). Results are kept within the years 0000 to 9999.
 */
final class DateTimes {
    private static final int MAX_LENGTH = 64;
    private static final Pattern FORMAT = Pattern.compile("(\\d{4})(?:-(\\d{2})(?:-(\\d{2})"
            + "(?:T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d+))?(Z|([+-])(\\d{1,2})(?::?(\\d{2}))?)?)?)?)?");
    private static final Pattern DATE_OF_BIRTH = Pattern.compile("\\d{4}(?:-\\d{2}(?:-\\d{2})?)?");
    private static final DateTimeFormatter CANONICAL = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'");
    private static final LocalDateTime EARLIEST = LocalDateTime.of(0, 1, 1, 0, 0);
    private static final LocalDateTime LATEST = LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_000_000);

    private DateTimes() {
    }

    /** The time units of {@code plusTime}. */
    enum Unit { YEAR, MONTH, DAY, HOUR }

    static Unit unit(String name) {
        return switch (name) {
            case "year" -> Unit.YEAR;
            case "month" -> Unit.MONTH;
            case "day" -> Unit.DAY;
            case "hour" -> Unit.HOUR;
            default -> null;
        };
    }

    /** {@code plusTime}: the date(-time) text as a UTC date-time, offset by {@code amount} units. */
    static CBORObject plusTime(String text, long amount, Unit unit) {
        LocalDateTime utc = parse(text);
        try {
            LocalDateTime shifted = switch (unit) {
                case HOUR -> utc.plusHours(amount);
                case DAY -> utc.plusDays(amount);
                case MONTH -> withOverflowingDay(Math.addExact(utc.getYear() * 12L + utc.getMonthValue() - 1,
                        amount), utc);
                case YEAR -> withOverflowingDay(Math.addExact(utc.getYear(), amount) * 12L
                        + utc.getMonthValue() - 1, utc);
            };
            return of(shifted);
        } catch (DateTimeException | ArithmeticException e) {
            throw new CertLogicError("plusTime: " + text + " offset by " + amount + " " + unit.name()
                    .toLowerCase(java.util.Locale.ROOT) + " is out of range");
        }
    }

    /** {@code dccDateOfBirth}: the last instant-at-midnight consistent with a full or partial date of birth. */
    static CBORObject dateOfBirth(String text) {
        if (text.length() > MAX_LENGTH || !DATE_OF_BIRTH.matcher(text).matches()) {
            throw new CertLogicError("dccDateOfBirth: found \"" + shorten(text)
                    + "\", expected a date YYYY, YYYY-MM or YYYY-MM-DD");
        }
        return of(parse(text));
    }

    /** The instant of a date-time value. */
    static Instant instant(CBORObject dateTime) {
        return LocalDateTime.parse(dateTime.AsString(), CANONICAL).toInstant(ZoneOffset.UTC);
    }

    private static LocalDateTime parse(String text) {
        Matcher m = text.length() <= MAX_LENGTH ? FORMAT.matcher(text) : null;
        if (m == null || !m.matches()) {
            throw new CertLogicError("found \"" + shorten(text) + "\", expected a date or date-time in a format "
                    + "of the CertLogic specification, such as 2021-06-01 or 2021-06-01T12:00:00Z");
        }
        try {
            int year = Integer.parseInt(m.group(1));
            LocalDate date;
            if (m.group(2) == null) {
                date = LocalDate.of(year, 12, 31);
            } else if (m.group(3) == null) {
                date = YearMonth.of(year, Integer.parseInt(m.group(2))).atEndOfMonth();
            } else {
                date = LocalDate.of(year, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)));
            }
            if (m.group(4) == null) {
                return date.atStartOfDay();
            }
            String fraction = m.group(7) == null ? "" : m.group(7);
            int millis = Integer.parseInt((fraction + "000").substring(0, 3));
            LocalTime time = LocalTime.of(Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), millis * 1_000_000);
            return LocalDateTime.of(date, time).toInstant(offset(m)).atOffset(ZoneOffset.UTC).toLocalDateTime();
        } catch (DateTimeException e) {
            throw new CertLogicError("found \"" + shorten(text) + "\", which is not a valid date or date-time");
        }
    }

    private static ZoneOffset offset(Matcher m) {
        if (m.group(8) == null || m.group(8).equals("Z")) {
            return ZoneOffset.UTC;
        }
        int sign = m.group(9).equals("-") ? -1 : 1;
        int hours = Integer.parseInt(m.group(10));
        int minutes = m.group(11) == null ? 0 : Integer.parseInt(m.group(11));
        return ZoneOffset.ofHoursMinutes(sign * hours, sign * minutes);
    }

    /** The first day of the month {@code monthIndex} (year × 12 + month − 1), plus the day of {@code from} − 1. */
    private static LocalDateTime withOverflowingDay(long monthIndex, LocalDateTime from) {
        int year = Math.toIntExact(Math.floorDiv(monthIndex, 12));
        int month = Math.floorMod(monthIndex, 12) + 1;
        return LocalDate.of(year, month, 1).plusDays(from.getDayOfMonth() - 1L).atTime(from.toLocalTime());
    }

    private static CBORObject of(LocalDateTime utc) {
        if (utc.isBefore(EARLIEST) || utc.isAfter(LATEST)) {
            throw new CertLogicError("the date-time " + utc + " is outside the years 0000 to 9999");
        }
        return CBORObject.FromObjectAndTag(CANONICAL.format(utc), Values.DATE_TIME_TAG);
    }

    private static String shorten(String text) {
        return text.length() <= 40 ? text : text.substring(0, 37) + "...";
    }
}
