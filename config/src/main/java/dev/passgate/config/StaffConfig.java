package dev.passgate.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Staff confirmation: {@code [staff]} in the file. {@code confirm} names the outcomes that wait for a person instead
 * of refusing at once: verdict codes from {@link #CONFIRMABLE_VERDICTS} (the pass is genuine, but trust, the clock or
 * the rules need a person's judgement) and reason prefixes from {@link #CONFIRMABLE_REASONS} (such as
 * {@code EXEMPT_CHECK_ID}, "check the holder's ID"). A forged, unknown, revoked, replayed, stale or expired pass
 * never waits: no staff action makes it genuine. {@code window} is how long the kiosk waits for the staff button
 * or a staff card before the wait times out as refused. {@code cardKeys} are the PG1 issuer key ids (as printed by
 * {@code passgate issuer init}) whose credentials are staff cards. By default nothing waits and no key marks a
 * staff card, so the kiosk behaves as it did before staff confirmation existed.
 */
public record StaffConfig(List<String> confirm, Duration window, List<String> cardKeys) {
    /** The verdict codes that may wait for staff. */
    public static final List<String> CONFIRMABLE_VERDICTS = List.of("CONFIRM_REQUIRED", "CLOCK_UNTRUSTED",
            "TRUST_EXPIRED", "POLICY_REJECTED");
    /** The reason prefixes (text before the first colon of a verdict's reason) that may wait for staff. */
    public static final List<String> CONFIRMABLE_REASONS = List.of(FeedbackConfig.CHECK_ID_REASON);
    /** The accepted window in seconds. */
    public static final IntRange WINDOW_S_RANGE = new IntRange(5, 300);
    public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(30);
    /** The shape of a key id: the Base64 text of the issuer key id, as the trust files and bundles write it. */
    public static final Pattern KEY_ID_PATTERN = Pattern.compile("[A-Za-z0-9+/=_-]{4,128}");
    /** Nothing waits for staff. */
    public static final StaffConfig DEFAULTS = new StaffConfig(List.of(), DEFAULT_WINDOW, List.of());

    /** Rejects an outcome that may not wait, a window out of range or a key id of the wrong shape. */
    public StaffConfig {
        confirm = List.copyOf(confirm);
        for (String outcome : confirm) {
            if (!CONFIRMABLE_VERDICTS.contains(outcome) && !CONFIRMABLE_REASONS.contains(outcome)) {
                throw new IllegalArgumentException("confirm: found " + outcome + ", expected one of "
                        + CONFIRMABLE_VERDICTS + " or " + CONFIRMABLE_REASONS);
            }
        }
        Objects.requireNonNull(window, "window");
        if (window.getNano() != 0 || !WINDOW_S_RANGE.contains(window.getSeconds())) {
            throw new IllegalArgumentException("window: found " + window + ", expected " + WINDOW_S_RANGE
                    + " whole seconds");
        }
        cardKeys = List.copyOf(cardKeys);
        for (String key : cardKeys) {
            if (!KEY_ID_PATTERN.matcher(key).matches()) {
                throw new IllegalArgumentException("card_keys: found \"" + key + "\", expected "
                        + KEY_ID_PATTERN.pattern());
            }
        }
    }

    /** Whether an outcome with this verdict code and reason (may be null) waits for staff. */
    public boolean waitsFor(String verdict, String reason) {
        if (confirm.contains(verdict)) {
            return true;
        }
        if (reason == null) {
            return false;
        }
        int colon = reason.indexOf(':');
        return colon > 0 && confirm.contains(reason.substring(0, colon));
    }

    /** Whether credentials signed by the issuer key {@code keyId} are staff cards. */
    public boolean isStaffKey(String keyId) {
        return keyId != null && cardKeys.contains(keyId);
    }
}
