package dev.passgate.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How the kiosk reports a verdict: {@code [feedback]} in the file.
 *
 * <p>{@code console} also prints each verdict to standard output. {@code hold} is how long the light keeps
 * showing a verdict before it returns to idle. {@code verdicts} maps every code of {@link Verdicts#CODES} to
 * its rule, in that order: the constructor rejects a map that misses a code or has an unknown one, so a
 * lookup by a known code never returns null. The loader fills codes the file does not mention from
 * {@link #DEFAULT_VERDICTS}. That no relay time exceeds {@link RelayConfig#maxOn()} is checked by the loader,
 * not by this record.
 */
public record FeedbackConfig(boolean console, Duration hold, GpioConfig gpio, Map<String, FeedbackRule> verdicts) {

    /** Whether verdicts are printed to standard output when the file does not say. */
    public static final boolean DEFAULT_CONSOLE = false;
    /** The accepted hold time in milliseconds. */
    public static final IntRange HOLD_MS_RANGE = new IntRange(100, 60_000);
    /** The hold time used when the file names none. */
    public static final Duration DEFAULT_HOLD = Duration.ofMillis(3000);
    /** The rule for each verdict code when the file does not say, in the order of {@link Verdicts#CODES}. */
    public static final Map<String, FeedbackRule> DEFAULT_VERDICTS = defaultVerdicts();
    /** The feedback section with every value at its default. */
    public static final FeedbackConfig DEFAULTS =
            new FeedbackConfig(DEFAULT_CONSOLE, DEFAULT_HOLD, GpioConfig.DEFAULTS, DEFAULT_VERDICTS);

    /** Rejects a missing part, a hold time out of range or an incomplete verdict map; copies the map in order. */
    public FeedbackConfig {
        HOLD_MS_RANGE.checkMillis("hold", hold);
        Objects.requireNonNull(gpio, "gpio");
        verdicts = inCodeOrder(verdicts);
    }

    private static Map<String, FeedbackRule> inCodeOrder(Map<String, FeedbackRule> verdicts) {
        if (!verdicts.keySet().equals(Set.copyOf(Verdicts.CODES))) {
            throw new IllegalArgumentException(
                    "verdicts: found codes " + verdicts.keySet() + ", expected exactly " + Verdicts.CODES);
        }
        Map<String, FeedbackRule> ordered = new LinkedHashMap<>();
        for (String code : Verdicts.CODES) {
            ordered.put(code, Objects.requireNonNull(verdicts.get(code), code));
        }
        return Collections.unmodifiableMap(ordered);
    }

    private static Map<String, FeedbackRule> defaultVerdicts() {
        FeedbackRule refuse = new FeedbackRule(Light.RED, Tone.LONG, Duration.ZERO);
        Map<String, FeedbackRule> rules = new LinkedHashMap<>();
        for (String code : Verdicts.CODES) {
            rules.put(code, refuse);
        }
        rules.put("VALID", new FeedbackRule(Light.GREEN, Tone.SHORT, Duration.ofMillis(3000)));
        rules.put("EXPIRED", new FeedbackRule(Light.RED, Tone.DOUBLE, Duration.ZERO));
        rules.put("NOT_YET_VALID", new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO));
        rules.put("POLICY_REJECTED", new FeedbackRule(Light.AMBER, Tone.LONG, Duration.ZERO));
        rules.put("CLOCK_UNTRUSTED", new FeedbackRule(Light.AMBER, Tone.LONG, Duration.ZERO));
        rules.put("CONFIRM_REQUIRED", new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO));
        return Collections.unmodifiableMap(rules);
    }
}
