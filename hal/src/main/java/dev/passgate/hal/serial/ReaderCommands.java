package dev.passgate.hal.serial;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;

/**
 * The bytes a serial reader is sent after a decision so that it confirms it itself: {@code accept} after an
 * admitting verdict, {@code refuse} after any other; an empty command sends nothing. passgate ships no vendor's
 * command bytes (none could be checked against a reader); the configuration names them as hex, from the reader's
 * programming manual.
 */
public record ReaderCommands(byte[] accept, byte[] refuse) {
    /** Sends nothing. */
    public static final ReaderCommands NONE = new ReaderCommands(new byte[0], new byte[0]);

    public ReaderCommands {
        accept = Objects.requireNonNull(accept, "accept").clone();
        refuse = Objects.requireNonNull(refuse, "refuse").clone();
    }

    /** Commands written as hex digit pairs, spaces allowed between bytes ({@code "16 54 0D"}). */
    public static ReaderCommands ofHex(String accept, String refuse) {
        return new ReaderCommands(hex(accept), hex(refuse));
    }

    private static byte[] hex(String text) {
        return HexFormat.of().parseHex(text.replace(" ", "").toLowerCase(Locale.ROOT));
    }

    /** The bytes for the decision; a copy. */
    public byte[] forDecision(boolean admitted) {
        return (admitted ? accept : refuse).clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ReaderCommands that && Arrays.equals(accept, that.accept)
                && Arrays.equals(refuse, that.refuse);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(accept) + Arrays.hashCode(refuse);
    }

    @Override
    public String toString() {
        return "ReaderCommands[accept=" + HexFormat.of().formatHex(accept) + ", refuse="
                + HexFormat.of().formatHex(refuse) + "]";
    }
}
