package dev.passgate.hal.wedge;

import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds the evdev byte stream a USB keyboard-wedge scanner produces when it types text: for each key a
 * {@code MSC_SCAN}, the key press, a {@code SYN_REPORT}, the release and another {@code SYN_REPORT}, with Left
 * Shift pressed around shifted characters, as HID keyboards report them. Time advances 2 ms per key and by
 * {@link #pause} in between, stamped from {@code 1650000000.000000}.
 */
public final class KeyRecording {
    private static final int MSC_SCAN = 4;
    private static final int KEY_STEP_MICROS = 2000;
    private static final Map<Character, int[]> KEYS = new HashMap<>();

    static {
        for (int code = 0; code < 128; code++) {
            for (boolean shift : new boolean[] {false, true}) {
                char c = UsKeymap.character(code, shift, false);
                if (c != UsKeymap.NONE && !KEYS.containsKey(c) && (code < 71 || code > 83) && code != 55
                        && code != 98) {
                    KEYS.put(c, new int[] {code, shift ? 1 : 0});
                }
            }
        }
    }

    private final EventLayout layout;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long micros = 1_650_000_000L * 1_000_000;

    public KeyRecording(EventLayout layout) {
        this.layout = layout;
    }

    /** Types the text; every character must exist on a US keyboard. */
    public KeyRecording type(String text) {
        for (char c : text.toCharArray()) {
            int[] key = KEYS.get(c);
            if (key == null) {
                throw new IllegalArgumentException("no US key types " + (int) c);
            }
            if (key[1] == 1) {
                event(InputEvent.EV_KEY, UsKeymap.KEY_LEFTSHIFT, InputEvent.PRESS);
            }
            tap(key[0]);
            if (key[1] == 1) {
                event(InputEvent.EV_KEY, UsKeymap.KEY_LEFTSHIFT, InputEvent.RELEASE);
                syn();
            }
        }
        return this;
    }

    public KeyRecording enter() {
        return tap(UsKeymap.KEY_ENTER);
    }

    public KeyRecording tab() {
        return tap(UsKeymap.KEY_TAB);
    }

    /** Presses and releases a key by its Linux code. */
    public KeyRecording tap(int code) {
        press(code);
        return release(code);
    }

    public KeyRecording press(int code) {
        event(MSC_SCAN, 4, 0x70000 + code);
        event(InputEvent.EV_KEY, code, InputEvent.PRESS);
        syn();
        return this;
    }

    public KeyRecording release(int code) {
        event(MSC_SCAN, 4, 0x70000 + code);
        event(InputEvent.EV_KEY, code, InputEvent.RELEASE);
        syn();
        micros += KEY_STEP_MICROS;
        return this;
    }

    /** Lets time pass with no key, as between two scans. */
    public KeyRecording pause(long millis) {
        micros += millis * 1000;
        return this;
    }

    public byte[] bytes() {
        return bytes.toByteArray();
    }

    private void syn() {
        event(InputEvent.EV_SYN, 0, 0);
    }

    private void event(int type, int code, int value) {
        bytes.writeBytes(layout.encode(new InputEvent(micros / 1_000_000, micros % 1_000_000, type, code, value)));
    }
}
