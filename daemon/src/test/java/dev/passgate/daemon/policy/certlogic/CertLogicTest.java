package dev.passgate.daemon.policy.certlogic;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class CertLogicTest {
    private static final Bounds SMALL = new Bounds(16, 1000, 8);

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "2020-02-29 | 1 | day | 2020-03-01T00:00:00.000Z",
        "2020-02-29 | 1 | month | 2020-03-29T00:00:00.000Z",
        "2020-02-29 | 1 | year | 2021-03-01T00:00:00.000Z",
        "2020-01-31 | 1 | month | 2020-03-02T00:00:00.000Z",
        "2021-01-31 | 1 | month | 2021-03-03T00:00:00.000Z",
        "2021-03-31 | -1 | month | 2021-03-03T00:00:00.000Z",
        "2021-12-15T10:00:00Z | 1 | month | 2022-01-15T10:00:00.000Z",
        "2021-01-15T10:00:00Z | -13 | month | 2019-12-15T10:00:00.000Z",
        "2021-06-01T23:30:00+09:00 | 1 | hour | 2021-06-01T15:30:00.000Z",
        "2004 | 0 | day | 2004-12-31T00:00:00.000Z",
        "2004-02 | 0 | day | 2004-02-29T00:00:00.000Z",
        "2022-01-01T00:00:00.123456789Z | 0 | hour | 2022-01-01T00:00:00.123Z",
        "2022-01-01T00:00:00.5 | 0 | hour | 2022-01-01T00:00:00.500Z",
        "2022-01-01T09:00:00+9 | 0 | hour | 2022-01-01T00:00:00.000Z",
        "2022-01-01T09:30:00+930 | 0 | hour | 2022-01-01T00:00:00.000Z",
        "2022-01-01T09:30:00+9:30 | 0 | hour | 2022-01-01T00:00:00.000Z",
        "2022-01-01T09:30:00+0930 | 0 | hour | 2022-01-01T00:00:00.000Z",
        "2021-12-31T19:00:00-05:00 | 0 | hour | 2022-01-01T00:00:00.000Z",
    })
    void plusTimeFollowsTheUtcCalendarOfTheSpecification(String date, int amount, String unit, String expected) {
        CBORObject expression = json("{\"plusTime\": [\"" + date + "\", " + amount + ", \"" + unit + "\"]}");

        Evaluation result = CertLogic.evaluate(expression, null, Bounds.DEFAULT);

        assertThat(result.failure()).isNull();
        assertThat(result.value().AsString()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"2021-09-99", "2022-13", "2022-02-30", "2021-06-01 12:00:00", "2021-06-01T12:00Z", "yesterday",
        "2021-06-01T24:00:00Z", "2021-06-01T12:00:00+19:00"})
    void plusTimeRefusesWhatIsNoDateTimeOfTheSpecification(String text) {
        Evaluation result = CertLogic.evaluate(json("{\"plusTime\": [\"" + text + "\", 0, \"day\"]}"), null,
                Bounds.DEFAULT);

        assertThat(result.ok()).as(text).isFalse();
        assertThat(result.failure()).isNotBlank();
    }

    @Test
    void dateOfBirthIsTheLastDayConsistentWithAPartialDate() {
        assertThat(dob("1990")).isEqualTo("1990-12-31T00:00:00.000Z");
        assertThat(dob("2023-02")).isEqualTo("2023-02-28T00:00:00.000Z");
        assertThat(dob("1990-05-17")).isEqualTo("1990-05-17T00:00:00.000Z");
        assertThat(CertLogic.evaluate(json("{\"dccDateOfBirth\": [\"1990-05-17T00:00:00Z\"]}"), null,
                Bounds.DEFAULT).ok()).isFalse();
    }

    static Stream<Arguments> randomInstantPairs() {
        Random random = new Random(20220214L);
        return LongStream.range(0, 200).mapToObj(i -> {
            Instant a = Instant.ofEpochMilli(1_500_000_000_000L + (long) (random.nextDouble() * 400_000_000_000L));
            Instant b = random.nextInt(4) == 0 ? a : a.plusMillis(random.nextInt(200_000_000) - 100_000_000);
            return Arguments.of(a, b, random.nextInt(29) - 14, random.nextInt(4));
        });
    }

    /** The same instants written with any offset and offset style compare as the instants do. */
    @ParameterizedTest
    @MethodSource("randomInstantPairs")
    void dateTimesCompareAsInstantsWhateverTheirOffsets(Instant a, Instant b, int offsetHours, int style) {
        for (String operator : new String[] {"before", "after", "not-before", "not-after"}) {
            CBORObject expression = json("{\"" + operator + "\": [{\"plusTime\": [\"" + written(a, offsetHours, style)
                    + "\", 0, \"hour\"]}, {\"plusTime\": [\"" + written(b, -offsetHours, style) + "\", 0, \"day\"]}]}");
            boolean expected = switch (operator) {
                case "before" -> a.isBefore(b);
                case "after" -> a.isAfter(b);
                case "not-before" -> !a.isBefore(b);
                default -> !a.isAfter(b);
            };
            Evaluation result = CertLogic.evaluate(expression, null, Bounds.DEFAULT);
            assertThat(result.failure()).isNull();
            assertThat(result.value().AsBoolean()).as("%s %s %s", a, operator, b).isEqualTo(expected);
        }
    }

    /** Adding days is exact: {@code n} days later is {@code n × 24} hours later, at every instant. */
    @ParameterizedTest
    @MethodSource("randomInstantPairs")
    void dayOffsetsAreExactWholeDays(Instant a, Instant b, int days, int style) {
        String text = written(a, days, style);
        CBORObject expression = json("{\"plusTime\": [\"" + text + "\", " + days + ", \"day\"]}");

        String shifted = CertLogic.evaluate(expression, null, Bounds.DEFAULT).value().AsString();

        assertThat(Instant.parse(shifted)).isEqualTo(a.truncatedTo(ChronoUnit.MILLIS).plus(days, ChronoUnit.DAYS));
    }

    @Test
    void equalityAndMembershipCompareScalarsOnly() {
        CBORObject data = json("{\"a\": [1], \"b\": [1], \"n\": 2.0, \"o\": {\"x\": 1}}");

        assertThat(value("{\"===\": [{\"var\": \"n\"}, 2]}", data)).isEqualTo(CBORObject.True);
        assertThat(value("{\"===\": [{\"var\": \"a\"}, {\"var\": \"b\"}]}", data)).isEqualTo(CBORObject.False);
        assertThat(value("{\"in\": [{\"var\": \"o\"}, [{\"var\": \"o\"}]]}", data)).isEqualTo(CBORObject.False);
        assertThat(value("{\"in\": [2, [\"2\", {\"var\": \"n\"}]]}", data)).isEqualTo(CBORObject.True);
    }

    @Test
    void typeMismatchesFailTheEvaluationInsteadOfThrowing() {
        for (String expression : new String[] {"{\"<\": [1, \"2\"]}", "{\"+\": [1, null]}",
            "{\"before\": [1, 2]}", "{\"!\": [{\"plusTime\": [\"2021\", 0, \"day\"]}]}", "{\"in\": [1, \"12\"]}",
            "{\"reduce\": [\"abc\", 1, 0]}", "{\"and\": [true, {\"plusTime\": [\"2021\", 0, \"day\"]}]}",
            "{\"+\": [9223372036854775807, 1]}", "{\"<\": [1.5, 2]}", "{\"extractFromUVCI\": [1, 0]}"}) {
            Evaluation result = CertLogic.evaluate(json(expression), CBORObject.NewMap(), Bounds.DEFAULT);
            assertThat(result.ok()).as(expression).isFalse();
        }
    }

    @Test
    void invalidExpressionsFailBeforeTheirOperandsAreEvaluated() {
        for (String expression : new String[] {"{\"or\": [true, false]}", "{\"if\": [true, 1]}", "{\"var\": 0}",
            "{\"var\": \"a..b\"}", "{\"plusTime\": [\"2021\", {\"var\": \"n\"}, \"day\"]}", "null", "1.5",
            "{\"plusTime\": [\"2021\", 1, \"week\"]}", "{\"a\": [], \"b\": []}"}) {
            Evaluation result = CertLogic.evaluate(json(expression), json("{\"n\": 1}"), Bounds.DEFAULT);
            assertThat(result.ok()).as(expression).isFalse();
            assertThat(CertLogic.validate(json(expression), Bounds.DEFAULT)).as(expression).hasSize(1);
        }
    }

    @Test
    void expressionDeeperThanTheBoundFailsEvaluationAndValidation() {
        String deep = "true";
        for (int i = 0; i < 20; i++) {
            deep = "{\"!\": [" + deep + "]}";
        }

        assertThat(CertLogic.evaluate(json(deep), null, SMALL).failure()).contains("nested deeper than 16");
        assertThat(CertLogic.validate(json(deep), SMALL)).hasSize(1);
        assertThat(CertLogic.evaluate(json(deep), null, Bounds.DEFAULT).value()).isEqualTo(CBORObject.True);
    }

    @Test
    void longReductionStopsAtTheStepBound() {
        CBORObject data = CBORObject.NewMap().Add("xs", CBORObject.NewArray());
        for (int i = 0; i < 5000; i++) {
            data.get("xs").Add(i);
        }
        CBORObject sum = json("{\"reduce\": [{\"var\": \"xs\"}, {\"+\": [{\"var\": \"current\"}, "
                + "{\"var\": \"accumulator\"}]}, 0]}");

        Evaluation bounded = CertLogic.evaluate(sum, data, SMALL);
        Evaluation ample = CertLogic.evaluate(sum, data, Bounds.DEFAULT);

        assertThat(bounded.failure()).contains("more than 1000 steps");
        assertThat(bounded.steps()).isEqualTo(1001);
        assertThat(ample.value().AsInt64Value()).isEqualTo(5000L * 4999 / 2);
    }

    @Test
    void valuesBuiltDeeperThanTheBoundFail() {
        CBORObject data = json("{\"xs\": [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]}");
        String wrapInArray = "{\"reduce\": [{\"var\": \"xs\"}, [{\"var\": \"accumulator\"}], 0]}";
        String wrapInContext = "{\"reduce\": [{\"var\": \"xs\"}, {\"var\": \"\"}, 0]}";

        assertThat(CertLogic.evaluate(json(wrapInArray), data, SMALL).failure()).contains("nests deeper than 8");
        assertThat(CertLogic.evaluate(json(wrapInContext), data, SMALL).failure()).contains("nests deeper than 8");
        assertThat(CertLogic.evaluate(json(wrapInArray), data, Bounds.DEFAULT).value().ToJSONString())
                .isEqualTo("[[[[[[[[[[0]]]]]]]]]]");
    }

    @Test
    void dateTimesInsideResultsArePlainStrings() {
        Evaluation result = CertLogic.evaluate(json("[{\"plusTime\": [\"2021-06-01\", 1, \"day\"]}]"), null,
                Bounds.DEFAULT);

        assertThat(result.value().ToJSONString()).isEqualTo("[\"2021-06-02T00:00:00.000Z\"]");
        assertThat(result.value().get(0).isTagged()).isFalse();
    }

    private static String written(Instant instant, int offsetHours, int style) {
        ZoneOffset offset = ZoneOffset.ofHours(offsetHours);
        String local = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS").format(instant.atOffset(offset));
        int h = Math.abs(offsetHours);
        String sign = offsetHours < 0 ? "-" : "+";
        return switch (style) {
            case 0 -> local + (offsetHours == 0 ? "Z" : sign + h);
            case 1 -> local + sign + String.format("%02d:00", h);
            case 2 -> local + sign + h + "00";
            default -> local + sign + h + ":00";
        };
    }

    private static String dob(String text) {
        return CertLogic.evaluate(json("{\"dccDateOfBirth\": [\"" + text + "\"]}"), null, Bounds.DEFAULT).value()
                .AsString();
    }

    private static CBORObject value(String expression, CBORObject data) {
        Evaluation result = CertLogic.evaluate(json(expression), data, Bounds.DEFAULT);
        assertThat(result.failure()).as(expression).isNull();
        return result.value();
    }

    private static CBORObject json(String text) {
        return CBORObject.FromJSONString(text);
    }
}
