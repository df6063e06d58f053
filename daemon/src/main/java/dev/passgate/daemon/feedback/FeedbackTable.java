package dev.passgate.daemon.feedback;

import dev.passgate.config.Clip;
import dev.passgate.config.FeedbackRule;
import dev.passgate.config.Light;
import dev.passgate.config.Tone;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.LightSequence;
import dev.passgate.hal.SoundClip;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The configured mapping from verdict (and reason) to {@link Response}. Every verdict has a response; a verdict
 * the configuration does not name shows red with a long tone and keeps the door shut (fail closed). A reason rule
 * ({@code [feedback.reasons.PREFIX]}) takes the place of the verdict's rule when the verdict's reason starts with
 * {@code PREFIX:}.
 */
public final class FeedbackTable {
    private static final Response FAIL_CLOSED = new Response(LightColor.RED, BuzzerPattern.LONG, Duration.ZERO);
    private final Map<Verdict, Response> responses;
    private final Map<String, Response> reasons;

    private FeedbackTable(Map<Verdict, Response> responses, Map<String, Response> reasons) {
        this.responses = responses;
        this.reasons = reasons;
    }

    public static FeedbackTable of(Map<String, FeedbackRule> rules) {
        return of(rules, Map.of());
    }

    /** The table of verdict rules and reason rules (keyed by reason prefix, without the colon). */
    public static FeedbackTable of(Map<String, FeedbackRule> rules, Map<String, FeedbackRule> reasonRules) {
        Map<Verdict, Response> responses = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            FeedbackRule rule = rules.get(verdict.name());
            responses.put(verdict, rule == null ? FAIL_CLOSED : response(rule));
        }
        Map<String, Response> reasons = new LinkedHashMap<>();
        reasonRules.forEach((prefix, rule) -> reasons.put(prefix + ":", response(rule)));
        return new FeedbackTable(responses, reasons);
    }

    /** The answer that keeps the door shut: red light, long tone, no relay. */
    public static Response failClosed() {
        return FAIL_CLOSED;
    }

    public Response responseTo(Verdict verdict) {
        return responses.get(verdict);
    }

    /** The response to a verdict with its reason: a reason rule when the reason starts with its prefix. */
    public Response responseTo(Verdict verdict, String reason) {
        if (reason != null) {
            for (Map.Entry<String, Response> rule : reasons.entrySet()) {
                if (reason.startsWith(rule.getKey())) {
                    return rule.getValue();
                }
            }
        }
        return responseTo(verdict);
    }

    /** The response a rule gives: its light as its pattern, buzzer, relay time and clip (used for the door alarms). */
    public static Response response(FeedbackRule rule) {
        LightColor color = light(rule.light());
        LightSequence sequence = switch (rule.lightPattern()) {
            case STEADY -> LightSequence.steady(color);
            case BLINK -> LightSequence.blink(color);
            case FLASH -> LightSequence.flash(color);
        };
        return new Response(color, tone(rule.buzzer()), rule.relay(), sequence, clip(rule.clip()));
    }

    static LightColor light(Light light) {
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
            case CHIME -> BuzzerPattern.CHIME;
        };
    }

    /** The speaker's clip for a configured clip name. */
    public static SoundClip clip(Clip clip) {
        return SoundClip.valueOf(clip.name());
    }
}
