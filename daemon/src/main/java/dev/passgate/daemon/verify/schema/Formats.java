package dev.passgate.daemon.verify.schema;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two string formats the DCC schemas assert, in the forms the DCC documents and real issuers wrote.
 *
 * <ul>
 *   <li>{@code date-time}: {@code YYYY-MM-DDThh:mm:ss}, an optional fraction of 1 to 9 digits, and an offset
 *       that is {@code Z}, {@code ±hh}, {@code ±hhmm} or {@code ±hh:mm} (the DCC test readme lists all four;
 *       RFC 3339 has only the first and last). The date must exist, hours 00–23, minutes 00–59, seconds
 *       00–60. {@code T} and {@code Z} may be lower case, as in RFC 3339.</li>
 *   <li>{@code date}: a calendar date {@code YYYY-MM-DD} that exists. A full date-time whose date part is valid
 *       is accepted as well: issuers wrote {@code 2022-01-01T00:00:00.000Z} for a date, the date is plainly
 *       recoverable, and the DCC FAQ asks verifiers to be tolerant there.</li>
 * </ul>
 *
 * Strings longer than 64 characters are no date or date-time, so hostile lengths cost nothing.
 */
final class Formats {
    private static final int MAX_LENGTH = 64;
    private static final Pattern DATE = Pattern.compile("(\\d{4})-(\\d{2})-(\\d{2})");
    private static final Pattern TIME = Pattern.compile(
            "[Tt](\\d{2}):(\\d{2}):(\\d{2})(?:\\.\\d{1,9})?(?:[Zz]|[+-](\\d{2})(?::?(\\d{2}))?)");
    private static final int DATE_LENGTH = 10;

    private Formats() {
    }

    /** True when {@code text} has the named format; a format this class does not know is never met. */
    static boolean matches(String format, String text) {
        return switch (format) {
            case "date" -> isDate(text);
            case "date-time" -> isDateTime(text);
            default -> false;
        };
    }

    static boolean known(String format) {
        return format.equals("date") || format.equals("date-time");
    }

    static boolean isDate(String text) {
        return text.length() == DATE_LENGTH ? datePart(text) : isDateTime(text);
    }

    static boolean isDateTime(String text) {
        if (text.length() <= DATE_LENGTH || text.length() > MAX_LENGTH || !datePart(text)) {
            return false;
        }
        Matcher time = TIME.matcher(text).region(DATE_LENGTH, text.length());
        if (!time.matches()) {
            return false;
        }
        boolean clock = number(time, 1) <= 23 && number(time, 2) <= 59 && number(time, 3) <= 60;
        boolean offset = time.group(4) == null || number(time, 4) <= 23 && (time.group(5) == null
                || number(time, 5) <= 59);
        return clock && offset;
    }

    private static boolean datePart(String text) {
        Matcher date = DATE.matcher(text).region(0, DATE_LENGTH);
        if (!date.matches()) {
            return false;
        }
        try {
            LocalDate.of(number(date, 1), number(date, 2), number(date, 3));
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }

    private static int number(Matcher matcher, int group) {
        return Integer.parseInt(matcher.group(group));
    }
}
