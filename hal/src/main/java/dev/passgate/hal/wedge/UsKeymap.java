package dev.passgate.hal.wedge;

/**
 * Linux key codes ({@code linux/input-event-codes.h}) to the characters a US keyboard layout gives, without and
 * with Shift. Keypad keys give their digit or symbol whatever the Num Lock state, since scanners that use the
 * keypad mean the digits. Keys that give no character (function keys, modifiers, Enter, Tab) map to none.
 */
final class UsKeymap {
    static final int KEY_TAB = 15;
    static final int KEY_ENTER = 28;
    static final int KEY_LEFTCTRL = 29;
    static final int KEY_LEFTSHIFT = 42;
    static final int KEY_RIGHTSHIFT = 54;
    static final int KEY_LEFTALT = 56;
    static final int KEY_CAPSLOCK = 58;
    static final int KEY_KPENTER = 96;
    static final int KEY_RIGHTCTRL = 97;
    static final int KEY_RIGHTALT = 100;
    /** No character for the key. */
    static final char NONE = 0;

    private static final int CODES = 128;
    private static final char[] PLAIN = new char[CODES];
    private static final char[] SHIFTED = new char[CODES];

    static {
        row(2, "1234567890-=", "!@#$%^&*()_+");
        row(16, "qwertyuiop[]", "QWERTYUIOP{}");
        row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~");
        row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?");
        row(55, "*", "*");
        row(57, " ", " ");
        row(71, "789-456+1230.", "789-456+1230.");
        row(98, "/", "/");
    }

    private UsKeymap() {
    }

    private static void row(int first, String plain, String shifted) {
        for (int i = 0; i < plain.length(); i++) {
            PLAIN[first + i] = plain.charAt(i);
            SHIFTED[first + i] = shifted.charAt(i);
        }
    }

    /** The character of the key, or {@link #NONE}. Caps Lock swaps the case of letters only. */
    static char character(int code, boolean shift, boolean capsLock) {
        if (code < 0 || code >= CODES) {
            return NONE;
        }
        char plain = PLAIN[code];
        boolean letter = plain >= 'a' && plain <= 'z';
        boolean upper = letter ? shift ^ capsLock : shift;
        return upper ? SHIFTED[code] : plain;
    }
}
