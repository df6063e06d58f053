package dev.passgate.daemon.verify.shc;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * FHIR {@code date} and {@code dateTime} values: a year, a year and month, a full date, or (dateTime only) a full
 * date with a time of day and a zone offset, as FHIR R4 defines them. Full dates must exist in the calendar.
 */
final class FhirDates {
    private static final Pattern DATE = Pattern.compile("(\\d{4})(-(\\d{2})(-(\\d{2}))?)?");
    private static final Pattern TIME = Pattern.compile("T([01]\\d|2[0-3]):[0-5]\\d:([0-5]\\d|60)(\\.\\d{1,9})?"
            + "(Z|[+-]((0\\d|1[0-3]):[0-5]\\d|14:00))");

    private FhirDates() {
    }

    static boolean isDate(String text) {
        Matcher date = DATE.matcher(text);
        return date.matches() && exists(date);
    }

    static boolean isDateTime(String text) {
        if (text.length() <= 10) {
            return isDate(text);
        }
        Matcher date = DATE.matcher(text.substring(0, 10));
        return date.matches() && date.group(5) != null && exists(date) && TIME.matcher(text.substring(10)).matches();
    }

    /** The calendar date part of a FHIR date or dateTime: the text up to the time, as it was written. */
    static String datePart(String dateTime) {
        int t = dateTime.indexOf('T');
        return t < 0 ? dateTime : dateTime.substring(0, t);
    }

    private static boolean exists(Matcher date) {
        int year = Integer.parseInt(date.group(1));
        if (year == 0) {
            return false;
        }
        if (date.group(3) == null) {
            return true;
        }
        int month = Integer.parseInt(date.group(3));
        int day = date.group(5) == null ? 1 : Integer.parseInt(date.group(5));
        try {
            LocalDate.of(year, month, day);
            return true;
        } catch (DateTimeException e) {
            return false;
        }
    }
}
