package dev.passgate.daemon.verify.schema;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The {@code date} and {@code date-time} forms the DCC documents, and what they refuse. */
class FormatsTest {

    @ParameterizedTest(name = "{0}: date {1}, date-time {2}")
    @CsvSource({
        "2021-06-01,                          true,  false",
        "2020-02-29,                          true,  false",
        "2021-02-29,                          false, false",
        "2021-13-01,                          false, false",
        "2021-6-1,                            false, false",
        "1963-00,                             false, false",
        "abcde,                               false, false",
        "'',                                  false, false",
        "2021-06-01T10:00:00Z,                true,  true",
        "2021-06-01t10:00:00z,                true,  true",
        "2021-06-01T10:00:00.123456789Z,      true,  true",
        "2022-01-01T00:00:00.000Z,            true,  true",
        "2021-06-01T10:00:00+02,              true,  true",
        "2021-06-01T10:00:00+0200,            true,  true",
        "2021-06-01T10:00:00-02:00,           true,  true",
        "2021-06-01T23:59:60Z,                true,  true",
        "2021-06-01T10:00:00,                 false, false",
        "2021-06-01T24:00:00Z,                false, false",
        "2021-06-01T10:60:00Z,                false, false",
        "2021-06-01T10:00:00+24:00,           false, false",
        "2021-06-01T10:00:00+02:0,            false, false",
        "2021-06-01T10:00:00.Z,               false, false",
        "2021-06-01 10:00:00Z,                false, false",
        "2021-06-31T10:00:00Z,                false, false",
        "٢٠٢١-٠٦-٠١,                          false, false"})
    void acceptsTheDocumentedFormsOnly(String text, boolean date, boolean dateTime) {
        assertThat(Formats.isDate(text)).as("date").isEqualTo(date);
        assertThat(Formats.isDateTime(text)).as("date-time").isEqualTo(dateTime);
    }

    @ParameterizedTest
    @CsvSource({"date", "date-time"})
    void refusesLongStringsWithoutParsingThem(String format) {
        assertThat(Formats.matches(format, "2021-06-01T10:00:00Z" + "0".repeat(100_000))).isFalse();
    }
}
