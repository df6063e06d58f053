package dev.passgate.config;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * How the kiosk reports a verdict: {@code [feedback]} in the file.
 *
 * <p>{@code console} also prints each verdict to standard output. {@code hold} is how long the light keeps
 * showing a verdict before it returns to idle. {@code verdicts} maps every code of {@link Verdicts#CODES} to
 * its rule, in that order: the constructor rejects a map that misses a code or has an unknown one, so a
 * lookup by a known code never returns null. The loader fills codes the file does not mention from
 * {@link #DEFAULT_VERDICTS}. That no relay time exceeds {@link RelayConfig#maxOn()} is checked by the loader,
 * not by this record.
 *
 * <p>{@code reasons} maps a reason prefix (the text before the first colon of a verdict's reason, such as
 * {@code EXEMPT_CHECK_ID}) to a rule that takes the place of the verdict's own; it holds at least
 * {@link #DEFAULT_REASONS}. {@code audio} is the speaker.
 */
public record FeedbackConfig(boolean console, Duration hold, GpioConfig gpio, Map<String, FeedbackRule> verdicts,
                             AudioConfig audio, Map<String, FeedbackRule> reasons) {

    /** Whether verdicts are printed to standard output when the file does not say. */
    public static final boolean DEFAULT_CONSOLE = false;
    /** The accepted hold time in milliseconds. */
    public static final IntRange HOLD_MS_RANGE = new IntRange(100, 60_000);
    /** The hold time used when the file names none. */
    public static final Duration DEFAULT_HOLD = Duration.ofMillis(3000);
    /** The rule for each verdict code when the file does not say, in the order of {@link Verdicts#CODES}. */
    public static final Map<String, FeedbackRule> DEFAULT_VERDICTS = defaultVerdicts();
    /** The reason prefix the kr-2022 policy gives a holder who is exempt and must show an ID instead. */
    public static final String CHECK_ID_REASON = "EXEMPT_CHECK_ID";
    /** The shape of a reason prefix in {@code [feedback.reasons.PREFIX]}. */
    public static final Pattern REASON_PATTERN = Pattern.compile("[A-Z][A-Z0-9_]{0,63}");
    /** The reason rules kept when the file does not override them. */
    public static final Map<String, FeedbackRule> DEFAULT_REASONS = Map.of(CHECK_ID_REASON,
            new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO, LightPattern.BLINK, Clip.CHECK_ID));
    /** The feedback section with every value at its default. */
    public static final FeedbackConfig DEFAULTS =
            new FeedbackConfig(DEFAULT_CONSOLE, DEFAULT_HOLD, GpioConfig.DEFAULTS, DEFAULT_VERDICTS);

    /** A feedback section without a speaker and with the default reason rules. */
    public FeedbackConfig(boolean console, Duration hold, GpioConfig gpio, Map<String, FeedbackRule> verdicts) {
        this(console, hold, gpio, verdicts, AudioConfig.DEFAULTS, DEFAULT_REASONS);
    }

    /** Rejects a missing part, a hold time out of range or an incomplete verdict map; copies the map in order. */
    public FeedbackConfig {
        HOLD_MS_RANGE.checkMillis("hold", hold);
        Objects.requireNonNull(gpio, "gpio");
        verdicts = inCodeOrder(verdicts);
        Objects.requireNonNull(audio, "audio");
        reasons = withDefaultReasons(reasons);
    }

    private static Map<String, FeedbackRule> withDefaultReasons(Map<String, FeedbackRule> reasons) {
        Map<String, FeedbackRule> all = new TreeMap<>(DEFAULT_REASONS);
        for (Map.Entry<String, FeedbackRule> reason : reasons.entrySet()) {
            if (!REASON_PATTERN.matcher(reason.getKey()).matches()) {
                throw new IllegalArgumentException("reasons: found prefix " + reason.getKey() + ", expected "
                        + REASON_PATTERN.pattern());
            }
            all.put(reason.getKey(), Objects.requireNonNull(reason.getValue(), reason.getKey()));
        }
        return Collections.unmodifiableMap(all);
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
        FeedbackRule refuse = new FeedbackRule(Light.RED, Tone.LONG, Duration.ZERO).withClip(Clip.INVALID);
        Map<String, FeedbackRule> rules = new LinkedHashMap<>();
        for (String code : Verdicts.CODES) {
            rules.put(code, refuse);
        }
        rules.put("VALID", new FeedbackRule(Light.GREEN, Tone.SHORT, Duration.ofMillis(3000)).withClip(Clip.VALID));
        rules.put("EXPIRED", new FeedbackRule(Light.RED, Tone.DOUBLE, Duration.ZERO).withClip(Clip.EXPIRED));
        rules.put("NOT_YET_VALID",
                new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO).withClip(Clip.NOT_YET_VALID));
        rules.put("POLICY_REJECTED", new FeedbackRule(Light.AMBER, Tone.LONG, Duration.ZERO).withClip(Clip.INVALID));
        rules.put("STALE", refuse.withClip(Clip.STALE));
        rules.put("REPLAYED", refuse.withClip(Clip.STALE));
        rules.put("CLOCK_UNTRUSTED",
                new FeedbackRule(Light.AMBER, Tone.LONG, Duration.ZERO).withClip(Clip.SEE_STAFF));
        rules.put("TRUST_EXPIRED", refuse.withClip(Clip.SEE_STAFF));
        rules.put("CONFIRM_REQUIRED",
                new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO).withClip(Clip.SEE_STAFF));
        rules.put("WRONG_VENUE", refuse.withClip(Clip.SEE_STAFF));
        rules.put("STAFF_WAITING", new FeedbackRule(Light.AMBER, Tone.DOUBLE, Duration.ZERO, LightPattern.BLINK,
                Clip.SEE_STAFF));
        rules.put("STAFF_CONFIRMED",
                new FeedbackRule(Light.GREEN, Tone.SHORT, Duration.ofMillis(3000)).withClip(Clip.VALID));
        rules.put("STAFF_TIMED_OUT", refuse);
        rules.put("STAFF_CANCELLED", new FeedbackRule(Light.OFF, Tone.NONE, Duration.ZERO));
        return Collections.unmodifiableMap(rules);
    }
}
