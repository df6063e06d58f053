package dev.passgate.hal.wedge;

/**
 * Turns key events into characters and terminators, keeping the modifier state (Shift held, Caps Lock toggled,
 * Ctrl or Alt held). Only presses count: releases change modifiers only, and auto-repeats (a key held for
 * longer than the kernel's delay, which scanners never do) are ignored. While Ctrl or Alt is held no character
 * is given, so scanner control sequences cannot inject text. Events other than keys are ignored.
 * Not thread-safe: one reading thread owns it.
 */
final class KeyDecoder {
    /** The result of an event that gives nothing. */
    static final int NOTHING = -1;
    /** Enter or keypad Enter was pressed. */
    static final int ENTER = -2;
    /** Tab was pressed. */
    static final int TAB = -3;

    private boolean leftShift;
    private boolean rightShift;
    private boolean capsLock;
    private int controlKeysHeld;

    /** A character (0..0xFFFF), {@link #ENTER}, {@link #TAB} or {@link #NOTHING}. */
    int decode(InputEvent event) {
        if (event.type() != InputEvent.EV_KEY || event.value() == InputEvent.REPEAT) {
            return NOTHING;
        }
        boolean pressed = event.value() == InputEvent.PRESS;
        switch (event.code()) {
            case UsKeymap.KEY_LEFTSHIFT -> leftShift = pressed;
            case UsKeymap.KEY_RIGHTSHIFT -> rightShift = pressed;
            case UsKeymap.KEY_CAPSLOCK -> capsLock ^= pressed;
            case UsKeymap.KEY_LEFTCTRL, UsKeymap.KEY_RIGHTCTRL, UsKeymap.KEY_LEFTALT, UsKeymap.KEY_RIGHTALT ->
                    controlKeysHeld = Math.max(0, controlKeysHeld + (pressed ? 1 : -1));
            default -> {
                return pressed && controlKeysHeld == 0 ? press(event.code()) : NOTHING;
            }
        }
        return NOTHING;
    }

    /** Forgets the modifier state, e.g. after the device went away with Shift held. */
    void reset() {
        leftShift = false;
        rightShift = false;
        capsLock = false;
        controlKeysHeld = 0;
    }

    private int press(int code) {
        if (code == UsKeymap.KEY_ENTER || code == UsKeymap.KEY_KPENTER) {
            return ENTER;
        }
        if (code == UsKeymap.KEY_TAB) {
            return TAB;
        }
        char c = UsKeymap.character(code, leftShift || rightShift, capsLock);
        return c == UsKeymap.NONE ? NOTHING : c;
    }
}
