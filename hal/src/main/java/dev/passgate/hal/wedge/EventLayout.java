package dev.passgate.hal.wedge;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * The layout of one Linux {@code struct input_event} as read from an evdev device, version 1 of the kernel's
 * input ABI (stable since Linux 2.6), in the byte order of the machine (little-endian on ARM and x86):
 *
 * <pre>
 *   64-bit process (24 bytes)                 32-bit process (16 bytes, also on a 64-bit kernel: compat)
 *   +0  tv_sec   signed 64                    +0  tv_sec   unsigned 32
 *   +8  tv_usec  signed 64                    +4  tv_usec  unsigned 32
 *   +16 type     unsigned 16                  +8  type     unsigned 16
 *   +18 code     unsigned 16                  +10 code     unsigned 16
 *   +20 value    signed 32                    +12 value    signed 32
 * </pre>
 *
 * The size follows the reading process, not the kernel: a 32-bit JVM on Raspberry Pi OS's 64-bit kernel gets
 * the 16-byte form. {@link #auto()} therefore asks the JVM for its data model. Golden recordings of both forms
 * are in the test resources ({@code scan-64.bin}, {@code scan-32.bin}).
 */
public enum EventLayout {
    BITS_64(24, 8), BITS_32(16, 4);

    private final int size;
    private final int timeWidth;

    EventLayout(int size, int timeWidth) {
        this.size = size;
        this.timeWidth = timeWidth;
    }

    /** Bytes in one event. */
    public int size() {
        return size;
    }

    /** The layout of this JVM: {@code sun.arch.data.model} when set, else a 64 in {@code os.arch}. */
    public static EventLayout auto() {
        return of(System.getProperty("sun.arch.data.model"), System.getProperty("os.arch", ""));
    }

    static EventLayout of(String dataModel, String osArch) {
        if ("32".equals(dataModel)) {
            return BITS_32;
        }
        if ("64".equals(dataModel)) {
            return BITS_64;
        }
        return osArch.toLowerCase(Locale.ROOT).contains("64") ? BITS_64 : BITS_32;
    }

    /** Decodes one event from {@code bytes} at {@code offset}, which must hold {@link #size()} bytes. */
    public InputEvent decode(byte[] bytes, int offset) {
        ByteBuffer buffer = ByteBuffer.wrap(bytes, offset, size).order(ByteOrder.nativeOrder());
        long seconds = timeWidth == 8 ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
        long micros = timeWidth == 8 ? buffer.getLong() : Integer.toUnsignedLong(buffer.getInt());
        int type = Short.toUnsignedInt(buffer.getShort());
        int code = Short.toUnsignedInt(buffer.getShort());
        return new InputEvent(seconds, micros, type, code, buffer.getInt());
    }

    /** Encodes one event in this layout, as the kernel would write it; used to make recordings. */
    public byte[] encode(InputEvent event) {
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        if (timeWidth == 8) {
            buffer.putLong(event.seconds()).putLong(event.micros());
        } else {
            buffer.putInt((int) event.seconds()).putInt((int) event.micros());
        }
        return buffer.putShort((short) event.type()).putShort((short) event.code()).putInt(event.value()).array();
    }
}
