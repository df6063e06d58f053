package dev.passgate.daemon.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.testing.SmallStack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The bounds {@link Json#decode} enforces before the JSON parser runs. */
class JsonBoundsTest {
    private static final Limits LIMITS = Limits.DEFAULT;

    @Test
    void refusesTextLongerThanTheLimitBeforeParsing() {
        String text = "\"" + "a".repeat(Limits.DEFAULT_MAX_JSON_CHARS) + "\"";

        Json.Decoded decoded = Json.decode(text, LIMITS);

        assertThat(decoded.failure()).isEqualTo("the JSON has 65538 characters, more than the limit of 65536");
    }

    @Test
    void refusesOneHundredThousandNestedObjectsWithoutOverflowingTheStack() {
        String text = "{\"a\":".repeat(100_000) + "1" + "}".repeat(100_000);

        Json.Decoded decoded = SmallStack.call(() -> Json.decode(text, text.length(), 32));

        assertThat(decoded.failure()).isEqualTo("the JSON is nested deeper than 32 levels");
    }

    @Test
    void acceptsExactlyTheDepthLimitAndRefusesOneLevelMore() {
        String atLimit = "[".repeat(32) + "]".repeat(32);
        String overLimit = "[".repeat(33) + "]".repeat(33);

        assertThat(Json.decode(atLimit, LIMITS).ok()).isTrue();
        assertThat(Json.decode(overLimit, LIMITS).failure()).isEqualTo("the JSON is nested deeper than 32 levels");
    }

    @Test
    void bracketsInsideStringsDoNotCountAsNesting() {
        String text = "{\"text\":\"" + "[{".repeat(1000) + "\\\"[[[\",\"n\":[1,[2]]}";

        Json.Decoded decoded = Json.decode(text, LIMITS);

        assertThat(decoded.ok()).as(decoded.failure()).isTrue();
        assertThat(decoded.value().get("n").get(1).get(0).AsInt32Value()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[1,]", "{\"a\":1,\"a\":2}", "\"\\ud800\"", "nul", "1 2", "]]]][[[["})
    void answersInvalidJsonWithAReasonInsteadOfAnException(String text) {
        Json.Decoded decoded = Json.decode(text, LIMITS);

        assertThat(decoded.ok()).isFalse();
        assertThat(decoded.failure()).startsWith("not valid JSON");
    }
}
