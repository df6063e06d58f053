package dev.passgate.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of {@code [inputs]} and its checks across keys: each input table needs a {@code pin}; an input pin
 * may not also be one of the output pins (light, buzzer, relay) or another input's pin, and an error names both
 * keys; inputs need {@code feedback.gpio.enabled = true}, since they are read through the same GPIO. Like
 * {@link FeedbackReader}, a check across keys leaves out a key that already failed on its own.
 */
final class InputsReader {
    private static final String INPUTS = "inputs";
    private static final List<String> NAMES = List.of(InputsConfig.STAFF_BUTTON, InputsConfig.EXIT_BUTTON,
            InputsConfig.DOOR_CONTACT);
    private static final List<String> OUTPUT_KEYS = List.of("feedback.gpio.light.green_pin",
            "feedback.gpio.light.red_pin", "feedback.gpio.buzzer.pin", "feedback.gpio.relay.pin");

    private final TomlFields fields;

    InputsReader(TomlFields fields) {
        this.fields = fields;
    }

    /** Reads {@code [inputs]} and checks its pins against the outputs of {@code gpio}. */
    InputsConfig inputs(GpioConfig gpio) {
        fields.table(INPUTS, NAMES);
        Map<String, InputPin> read = new LinkedHashMap<>();
        for (String name : NAMES) {
            input(INPUTS + "." + name).ifPresent(pin -> read.put(name, pin));
        }
        InputsConfig inputs = new InputsConfig(Optional.ofNullable(read.get(NAMES.get(0))),
                Optional.ofNullable(read.get(NAMES.get(1))), Optional.ofNullable(read.get(NAMES.get(2))));
        if (!read.isEmpty()) {
            checkGpio(gpio, read.keySet().iterator().next());
            checkPins(gpio, read);
        }
        return inputs;
    }

    private Optional<InputPin> input(String table) {
        if (!fields.written(table)) {
            return Optional.empty();
        }
        fields.table(table, List.of("pin", "pull", "active", "debounce_ms"));
        if (!fields.written(table + ".pin")) {
            fields.fail(table, "no pin", "pin = a BCM GPIO number " + PinConfig.PIN_RANGE);
            return Optional.empty();
        }
        Map<String, InputPin.Pull> pulls = FeedbackReader.lowerCaseNames(InputPin.Pull.values());
        Map<String, Boolean> levels = new LinkedHashMap<>();
        levels.put("low", true);
        levels.put("high", false);
        int pin = fields.integer(table + ".pin", PinConfig.PIN_RANGE, 0);
        return Optional.of(new InputPin(pin,
                fields.choice(table + ".pull", pulls, InputPin.DEFAULT_PULL),
                fields.choice(table + ".active", levels, InputPin.DEFAULT_ACTIVE_LOW),
                fields.millis(table + ".debounce_ms", InputPin.DEBOUNCE_MS_RANGE, InputPin.DEFAULT_DEBOUNCE)));
    }

    private void checkGpio(GpioConfig gpio, String first) {
        if (gpio.enabled() || fields.failed("feedback.gpio.enabled")) {
            return;
        }
        String key = INPUTS + "." + first + ".pin";
        fields.fail(key, String.valueOf(fields.integer(key, PinConfig.PIN_RANGE, 0)),
                "an input only with feedback.gpio.enabled = true, which reads it through the same GPIO");
    }

    private void checkPins(GpioConfig gpio, Map<String, InputPin> read) {
        List<Integer> outputPins = List.of(gpio.light().greenPin(), gpio.light().redPin(), gpio.buzzer().pin(),
                gpio.relay().pin());
        List<String> seenKeys = new ArrayList<>();
        List<Integer> seenPins = new ArrayList<>();
        if (gpio.enabled()) {
            for (int i = 0; i < OUTPUT_KEYS.size(); i++) {
                if (!fields.failed(OUTPUT_KEYS.get(i))) {
                    seenKeys.add(OUTPUT_KEYS.get(i));
                    seenPins.add(outputPins.get(i));
                }
            }
        }
        for (Map.Entry<String, InputPin> input : read.entrySet()) {
            String key = INPUTS + "." + input.getKey() + ".pin";
            if (fields.failed(key)) {
                continue;
            }
            int pin = input.getValue().pin();
            int clash = seenPins.indexOf(pin);
            if (clash >= 0) {
                String other = seenKeys.get(clash);
                String kind = other.startsWith(INPUTS) ? "input" : "output";
                fields.fail(key, String.valueOf(pin), "a pin not also used by " + other + " (the " + kind
                        + " on BCM " + pin + ")");
                continue;
            }
            seenKeys.add(key);
            seenPins.add(pin);
        }
    }
}
