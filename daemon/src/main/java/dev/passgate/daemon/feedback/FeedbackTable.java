package dev.passgate.daemon.feedback;

import dev.passgate.config.FeedbackRule;
import dev.passgate.config.Light;
import dev.passgate.config.Tone;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.LightColor;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The configured mapping from verdict to {@link Response}. Every verdict has a response; a verdict the
 * configuration does not name shows red with a long tone and keeps the door shut (fail closed).
 */
public final class FeedbackTable {
    private static final Response FAIL_CLOSED = new Response(LightColor.RED, BuzzerPattern.LONG, Duration.ZERO);
    private final Map<Verdict, Response> responses;

    private FeedbackTable(Map<Verdict, Response> responses) {
        this.responses = responses;
    }

    public static FeedbackTable of(Map<String, FeedbackRule> rules) {
        Map<Verdict, Response> responses = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            FeedbackRule rule = rules.get(verdict.name());
            responses.put(verdict, rule == null ? FAIL_CLOSED
                    : new Response(light(rule.light()), tone(rule.buzzer()), rule.relay()));
        }
        return new FeedbackTable(responses);
    }

    public Response responseTo(Verdict verdict) {
        return responses.get(verdict);
    }

    private static LightColor light(Light light) {
        return switch (light) {
            case OFF -> LightColor.OFF;
            case GREEN -> LightColor.GREEN;
            case AMBER -> LightColor.AMBER;
            case RED -> LightColor.RED;
        };
    }

    private static BuzzerPattern tone(Tone tone) {
        return switch (tone) {
            case NONE -> BuzzerPattern.NONE;
            case SHORT -> BuzzerPattern.SHORT;
            case DOUBLE -> BuzzerPattern.DOUBLE;
            case LONG -> BuzzerPattern.LONG;
        };
    }
}
