package dev.passgate.hal.wedge;

/**
 * One evdev event as {@link EventLayout} reads it: the kernel's timestamp, then type ({@link #EV_KEY} for keys),
 * code (the key) and value (for keys 1 press, 0 release, 2 auto-repeat).
 */
public record InputEvent(long seconds, long micros, int type, int code, int value) {
    public static final int EV_SYN = 0;
    public static final int EV_KEY = 1;
    public static final int EV_MSC = 4;
    public static final int PRESS = 1;
    public static final int RELEASE = 0;
    public static final int REPEAT = 2;
}
