package dev.passgate.config;

/**
 * The size of one Linux {@code struct input_event} as the kiosk's process sees it: 24 bytes for a 64-bit
 * process, 16 bytes for a 32-bit one (also on a 64-bit kernel, which answers 32-bit processes in the compat
 * layout). Written {@code "auto"}, {@code "64"} or {@code "32"} in the file.
 */
public enum EventLayout {
    AUTO, BITS_64, BITS_32
}
