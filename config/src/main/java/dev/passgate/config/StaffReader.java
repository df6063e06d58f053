package dev.passgate.config;

import java.time.Duration;
import java.util.List;

/** The schema of {@code [staff]}: which outcomes wait for staff, how long, and which issuer keys make staff cards. */
final class StaffReader {
    private static final String CONFIRM_EXPECTED = "one of " + StaffConfig.CONFIRMABLE_VERDICTS + " or "
            + StaffConfig.CONFIRMABLE_REASONS + " (an outcome a person can judge; never a forged or expired pass)";
    private static final String KEY_EXPECTED = "a PG1 issuer key id as 'passgate issuer init' prints it ("
            + StaffConfig.KEY_ID_PATTERN.pattern() + ")";

    private final TomlFields fields;

    StaffReader(TomlFields fields) {
        this.fields = fields;
    }

    StaffConfig staff() {
        fields.table("staff", List.of("confirm", "window_s", "card_keys"));
        StaffConfig defaults = StaffConfig.DEFAULTS;
        List<String> confirm = fields.strings("staff.confirm", outcome -> StaffConfig.CONFIRMABLE_VERDICTS
                .contains(outcome) || StaffConfig.CONFIRMABLE_REASONS.contains(outcome) ? outcome : null,
                CONFIRM_EXPECTED, defaults.confirm());
        Duration window = Duration.ofSeconds(fields.integer("staff.window_s", StaffConfig.WINDOW_S_RANGE,
                (int) StaffConfig.DEFAULT_WINDOW.toSeconds()));
        List<String> keys = fields.strings("staff.card_keys",
                key -> StaffConfig.KEY_ID_PATTERN.matcher(key).matches() ? key : null, KEY_EXPECTED,
                defaults.cardKeys());
        return new StaffConfig(confirm, window, keys);
    }
}
