package dev.passgate.hal;

import java.util.Locale;

/**
 * The clips a {@link Speaker} can play, one per kind of outcome. {@link #NONE} plays nothing. What each clip
 * sounds like belongs to the clip pack (see {@code dev.passgate.hal.audio.ClipPack}).
 */
public enum SoundClip {
    NONE, VALID, EXPIRED, NOT_YET_VALID, INVALID, STALE, CHECK_ID, SEE_STAFF;

    /** The clip's name in file names and logs: the constant in lower case. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }
}
