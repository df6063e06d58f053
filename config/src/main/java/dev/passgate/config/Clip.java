package dev.passgate.config;

import java.util.Locale;

/**
 * The sound the speaker plays for a verdict; written in lower case in the file ({@code "not_yet_valid"}). The
 * clips themselves belong to the speaker driver (a built-in pack per language, or files named in
 * {@code [feedback.audio.files]}); {@link #NONE} plays nothing.
 */
public enum Clip {
    NONE, VALID, EXPIRED, NOT_YET_VALID, INVALID, STALE, CHECK_ID, SEE_STAFF;

    /** The name the file uses: the constant in lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
