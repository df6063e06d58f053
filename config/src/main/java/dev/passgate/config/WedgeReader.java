package dev.passgate.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema of {@code [scan.wedge]}, the keyboard-wedge scanner. */
final class WedgeReader {
    private static final String WEDGE = "scan.wedge";

    private final TomlFields fields;

    WedgeReader(TomlFields fields) {
        this.fields = fields;
    }

    WedgeConfig wedge() {
        fields.table(WEDGE, List.of("enabled", "device", "event_layout", "terminator", "idle_timeout_ms", "grab",
                "reopen_interval_ms"));
        Map<String, EventLayout> layouts = new LinkedHashMap<>();
        layouts.put("auto", EventLayout.AUTO);
        layouts.put("64", EventLayout.BITS_64);
        layouts.put("32", EventLayout.BITS_32);
        Map<String, WedgeTerminator> terminators = new LinkedHashMap<>();
        for (WedgeTerminator terminator : WedgeTerminator.values()) {
            terminators.put(terminator.name(), terminator);
        }
        return new WedgeConfig(
                fields.bool(WEDGE + ".enabled", WedgeConfig.DEFAULT_ENABLED),
                fields.text(WEDGE + ".device", TomlFields.NON_EMPTY, "a non-empty device path",
                        WedgeConfig.DEFAULT_DEVICE),
                fields.choice(WEDGE + ".event_layout", layouts, WedgeConfig.DEFAULT_LAYOUT),
                fields.choice(WEDGE + ".terminator", terminators, WedgeConfig.DEFAULT_TERMINATOR),
                fields.millis(WEDGE + ".idle_timeout_ms", WedgeConfig.IDLE_TIMEOUT_MS_RANGE,
                        WedgeConfig.DEFAULT_IDLE_TIMEOUT),
                fields.bool(WEDGE + ".grab", WedgeConfig.DEFAULT_GRAB),
                fields.millis(WEDGE + ".reopen_interval_ms", WedgeConfig.REOPEN_INTERVAL_MS_RANGE,
                        WedgeConfig.DEFAULT_REOPEN_INTERVAL));
    }
}
