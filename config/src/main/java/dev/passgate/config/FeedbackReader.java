package dev.passgate.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The schema of {@code [feedback]}: the console switch, the hold time, the GPIO pins and one rule per
 * verdict code, plus the checks that span keys. Those are: every verdict's relay time is at most
 * {@code feedback.gpio.relay.max_on_ms}, and, when GPIO is enabled, the four pins are distinct. A check
 * across keys leaves out any key that already failed on its own, and names the key the file actually wrote:
 * a default cannot be wrong by itself, only in combination with a written value.
 */
final class FeedbackReader {

    private static final String GPIO = "feedback.gpio";
    private static final String MAX_ON = "feedback.gpio.relay.max_on_ms";
    private static final List<String> PIN_KEYS = List.of("feedback.gpio.light.green_pin",
            "feedback.gpio.light.red_pin", "feedback.gpio.buzzer.pin", "feedback.gpio.relay.pin");
    private static final List<String> RULE_KEYS = List.of("light", "buzzer", "relay_ms", "light_pattern", "clip");
    private static final String BUZZER_PIN = "feedback.gpio.buzzer.pin";
    private static final String BUZZER_KIND = "feedback.gpio.buzzer.kind";
    /** Opens the door as VALID does: keys it leaves out take VALID's rule, and VALID's relay time is checked once. */
    private static final String STAFF_CONFIRMED = "STAFF_CONFIRMED";

    private final TomlFields fields;
    private final Path base;

    FeedbackReader(TomlFields fields) {
        this(fields, Path.of(""));
    }

    /** A reader that resolves relative paths (the speaker's clip files) against {@code base}. */
    FeedbackReader(TomlFields fields, Path base) {
        this.fields = fields;
        this.base = base;
    }

    /** Reads {@code [feedback]} and runs the checks across its keys. */
    FeedbackConfig feedback() {
        fields.table("feedback", List.of("console", "hold_ms", "gpio", "verdicts", "audio", "reasons"));
        boolean console = fields.bool("feedback.console", FeedbackConfig.DEFAULT_CONSOLE);
        Duration hold = fields.millis("feedback.hold_ms", FeedbackConfig.HOLD_MS_RANGE, FeedbackConfig.DEFAULT_HOLD);
        GpioConfig gpio = gpio();
        Map<String, FeedbackRule> verdicts = verdicts();
        checkRelayTimes(verdicts, gpio.relay().maxOn(), "feedback.verdicts.");
        Map<String, FeedbackRule> reasons = new FeedbackExtras(fields, base).reasons(this::rule);
        checkRelayTimes(reasons, gpio.relay().maxOn(), "feedback.reasons.");
        if (gpio.enabled() && !fields.failed(GPIO + ".enabled")) {
            checkDistinctPins(gpio);
            checkPwmPin(gpio);
        }
        AudioConfig audio = new FeedbackExtras(fields, base).audio();
        return new FeedbackConfig(console, hold, gpio, verdicts, audio, reasons);
    }

    private void checkPwmPin(GpioConfig gpio) {
        boolean passive = gpio.buzzerDrive().kind() == BuzzerKind.PASSIVE;
        if (!passive || fields.failed(BUZZER_PIN) || fields.failed(BUZZER_KIND)
                || BuzzerDrive.PWM_PINS.contains(gpio.buzzer().pin())) {
            return;
        }
        String blamed = fields.written(BUZZER_PIN) ? BUZZER_PIN : BUZZER_KIND;
        String found = blamed.equals(BUZZER_PIN) ? String.valueOf(gpio.buzzer().pin()) : "\"passive\"";
        fields.fail(blamed, found, blamed.equals(BUZZER_PIN)
                ? "a hardware PWM pin (one of " + BuzzerDrive.PWM_PINS + ") for a passive buzzer"
                : "\"active\" while " + BUZZER_PIN + " = " + gpio.buzzer().pin() + " is not a PWM pin");
    }

    private GpioConfig gpio() {
        fields.table(GPIO, List.of("enabled", "light", "buzzer", "relay"));
        boolean enabled = fields.bool(GPIO + ".enabled", GpioConfig.DEFAULT_ENABLED);
        fields.table(GPIO + ".light", List.of("green_pin", "red_pin", "active_low"));
        LightPins light = new LightPins(
                pin(PIN_KEYS.get(0), LightPins.DEFAULT_GREEN_PIN),
                pin(PIN_KEYS.get(1), LightPins.DEFAULT_RED_PIN),
                fields.bool(GPIO + ".light.active_low", LightPins.DEFAULT_ACTIVE_LOW));
        fields.table(GPIO + ".buzzer", List.of("pin", "active_low", "kind", "frequency_hz"));
        PinConfig buzzer = new PinConfig(
                pin(PIN_KEYS.get(2), GpioConfig.DEFAULT_BUZZER_PIN),
                fields.bool(GPIO + ".buzzer.active_low", GpioConfig.DEFAULT_BUZZER_ACTIVE_LOW));
        BuzzerDrive drive = new BuzzerDrive(
                fields.choice(BUZZER_KIND, lowerCaseNames(BuzzerKind.values()), BuzzerDrive.DEFAULT_KIND),
                fields.integer(GPIO + ".buzzer.frequency_hz", BuzzerDrive.FREQUENCY_HZ_RANGE,
                        BuzzerDrive.DEFAULT_FREQUENCY_HZ));
        fields.table(GPIO + ".relay", List.of("pin", "active_low", "max_on_ms"));
        RelayConfig relay = new RelayConfig(
                pin(PIN_KEYS.get(3), RelayConfig.DEFAULT_PIN),
                fields.bool(GPIO + ".relay.active_low", RelayConfig.DEFAULT_ACTIVE_LOW),
                fields.millis(MAX_ON, RelayConfig.MAX_ON_MS_RANGE, RelayConfig.DEFAULT_MAX_ON));
        return new GpioConfig(enabled, light, buzzer, relay, drive);
    }

    private int pin(String key, int fallback) {
        return fields.integer(key, PinConfig.PIN_RANGE, fallback);
    }

    private Map<String, FeedbackRule> verdicts() {
        fields.table("feedback.verdicts", Verdicts.CODES);
        Map<String, FeedbackRule> rules = new LinkedHashMap<>();
        for (String code : Verdicts.CODES) {
            String key = "feedback.verdicts." + code;
            FeedbackRule fallback = code.equals(STAFF_CONFIRMED) ? rules.get("VALID")
                    : FeedbackConfig.DEFAULT_VERDICTS.get(code);
            rules.put(code, rule(key, fallback));
        }
        return rules;
    }

    /** Reads one rule table (a verdict's or a reason's); keys left out keep the fallback's values. */
    private FeedbackRule rule(String key, FeedbackRule fallback) {
        fields.table(key, RULE_KEYS);
        return new FeedbackRule(
                fields.choice(key + ".light", lowerCaseNames(Light.values()), fallback.light()),
                fields.choice(key + ".buzzer", lowerCaseNames(Tone.values()), fallback.buzzer()),
                fields.millis(key + ".relay_ms", FeedbackRule.RELAY_MS_RANGE, fallback.relay()),
                fields.choice(key + ".light_pattern", lowerCaseNames(LightPattern.values()), fallback.lightPattern()),
                fields.choice(key + ".clip", lowerCaseNames(Clip.values()), fallback.clip()));
    }

    private void checkRelayTimes(Map<String, FeedbackRule> verdicts, Duration maxOn, String table) {
        if (fields.failed(MAX_ON)) {
            return;
        }
        for (Map.Entry<String, FeedbackRule> verdict : verdicts.entrySet()) {
            String key = table + verdict.getKey() + ".relay_ms";
            long relayMs = verdict.getValue().relay().toMillis();
            boolean inherited = verdict.getKey().equals(STAFF_CONFIRMED) && !fields.written(key);
            if (fields.failed(key) || relayMs <= maxOn.toMillis() || inherited) {
                continue;
            }
            if (fields.written(key)) {
                fields.fail(key, String.valueOf(relayMs), "at most " + MAX_ON + " = " + maxOn.toMillis());
            } else {
                fields.fail(MAX_ON, String.valueOf(maxOn.toMillis()), "at least " + key + " = " + relayMs);
            }
        }
    }

    private void checkDistinctPins(GpioConfig gpio) {
        List<Integer> pins = List.of(gpio.light().greenPin(), gpio.light().redPin(), gpio.buzzer().pin(),
                gpio.relay().pin());
        List<Integer> checked = new ArrayList<>();
        for (int later = 0; later < pins.size(); later++) {
            if (fields.failed(PIN_KEYS.get(later))) {
                continue;
            }
            for (int earlier : checked) {
                if (pins.get(earlier).equals(pins.get(later))) {
                    boolean blameLater = fields.written(PIN_KEYS.get(later));
                    String blamed = PIN_KEYS.get(blameLater ? later : earlier);
                    String other = PIN_KEYS.get(blameLater ? earlier : later);
                    fields.fail(blamed, pins.get(later).toString(), "a pin not also used by " + other);
                    break;
                }
            }
            checked.add(later);
        }
    }

    static <E extends Enum<E>> Map<String, E> lowerCaseNames(E[] constants) {
        Map<String, E> names = new LinkedHashMap<>();
        for (E constant : constants) {
            names.put(constant.name().toLowerCase(Locale.ROOT), constant);
        }
        return names;
    }
}
