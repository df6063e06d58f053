package dev.passgate.daemon.decode;

import java.util.Optional;

/**
 * A cheap walk over the header bytes of one untrusted CBOR item (RFC 8949), run before the CBOR library sees
 * the bytes. The library builds its object tree recursively and sizes some of it from declared lengths, so a
 * few hostile bytes could nest 100,000 levels deep (a stack overflow) or declare a multi-gigabyte string. The
 * scan refuses, in one pass with no allocation beyond one {@code long} per nesting level:
 *
 * <ul>
 *   <li>nesting deeper than {@link Limits#maxCborDepth()}: arrays, maps and tags each open a level, and the
 *       top-level item is level 1;</li>
 *   <li>more than {@link Limits#maxCborItems()} data item heads (every head counts: map keys and values, tags
 *       and the chunks of an indefinite-length string; the break byte does not);</li>
 *   <li>a declared string length, or an array or map size, larger than the bytes that remain;</li>
 *   <li>reserved additional information (28 to 30), a stray break, an indefinite-length integer or tag, and a
 *       chunk of an indefinite-length string that is not a definite string of the same major type;</li>
 *   <li>bytes after the end of the item.</li>
 * </ul>
 *
 * <pre>
 *   head = initial byte [argument]
 *   initial byte:  major type (3 bits) | additional information (5 bits)
 *   additional information: 0..23 the argument itself; 24, 25, 26, 27: a 1, 2, 4, 8-byte argument follows;
 *                           28..30 reserved; 31 indefinite length (major types 2..5) or break (0xff)
 *   major types:   0, 1 integers; 2 byte string and 3 text string (argument = length in bytes);
 *                  4 array (argument = items); 5 map (argument = pairs); 6 tag (one item follows);
 *                  7 simple values and floats (argument = the value)
 * </pre>
 *
 * A passing scan does not mean the bytes are valid CBOR (UTF-8, simple values and duplicate keys are left to
 * the library); it means the library can decode them within the bounds.
 */
final class CborScan {
    private static final long INDEFINITE = -1;
    private static final int BREAK = 0xff;

    private final byte[] bytes;
    private final Limits limits;
    private final long[] open;
    private int depth;
    private int pos;
    private int items;

    private CborScan(byte[] bytes, Limits limits) {
        this.bytes = bytes;
        this.limits = limits;
        this.open = new long[limits.maxCborDepth()];
    }

    /** Why the bytes cannot be handed to the CBOR library, or empty when they can. */
    static Optional<String> check(byte[] bytes, Limits limits) {
        return Optional.ofNullable(new CborScan(bytes, limits).run());
    }

    private String run() {
        do {
            if (pos >= bytes.length) {
                return "CBOR ends inside an item at byte " + pos;
            }
            int initial = bytes[pos++] & 0xff;
            String failure = initial == BREAK ? closeIndefinite() : item(initial);
            if (failure != null) {
                return failure;
            }
        } while (depth > 0);
        if (pos < bytes.length) {
            return "CBOR item is followed by " + (bytes.length - pos) + " more bytes";
        }
        return null;
    }

    private String item(int initial) {
        if (++items > limits.maxCborItems()) {
            return "CBOR has more than " + limits.maxCborItems() + " items";
        }
        int major = initial >>> 5;
        int info = initial & 0x1f;
        if (info >= 28 && info <= 30) {
            return "CBOR uses reserved additional information " + info + " at byte " + (pos - 1);
        }
        boolean indefinite = info == 31;
        if (indefinite && (major < 2 || major > 5)) {
            return "CBOR has an indefinite length on major type " + major + " at byte " + (pos - 1);
        }
        long argument = indefinite ? INDEFINITE : argument(info);
        if (argument == Long.MIN_VALUE) {
            return "CBOR ends inside a head at byte " + pos;
        }
        return switch (major) {
            case 2, 3 -> indefinite ? chunks(major) : skip(argument);
            case 4 -> container(argument);
            case 5 -> container(indefinite ? INDEFINITE : pairs(argument));
            case 6 -> container(1);
            default -> completed();
        };
    }

    /** Reads the argument that follows the initial byte; Long.MIN_VALUE when the bytes end first. */
    private long argument(int info) {
        if (info < 24) {
            return info;
        }
        int size = 1 << (info - 24);
        if (bytes.length - pos < size) {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (int i = 0; i < size; i++) {
            value = value << 8 | bytes[pos++] & 0xff;
        }
        return value < 0 ? Long.MAX_VALUE : value;
    }

    private static long pairs(long count) {
        return count > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : count * 2;
    }

    private String skip(long length) {
        if (length > bytes.length - pos) {
            return "CBOR declares a string of " + Long.toUnsignedString(length) + " bytes at byte " + pos
                    + " but only " + (bytes.length - pos) + " remain";
        }
        pos += (int) length;
        return completed();
    }

    private String chunks(int major) {
        while (true) {
            if (pos >= bytes.length) {
                return "CBOR ends inside an indefinite-length string at byte " + pos;
            }
            int initial = bytes[pos++] & 0xff;
            if (initial == BREAK) {
                return completed();
            }
            if (initial >>> 5 != major || (initial & 0x1f) >= 28) {
                return "CBOR has a bad chunk in an indefinite-length string at byte " + (pos - 1);
            }
            if (++items > limits.maxCborItems()) {
                return "CBOR has more than " + limits.maxCborItems() + " items";
            }
            long length = argument(initial & 0x1f);
            if (length == Long.MIN_VALUE || length > bytes.length - pos) {
                return "CBOR declares a chunk longer than the " + (bytes.length - pos) + " bytes that remain";
            }
            pos += (int) length;
        }
    }

    private String container(long count) {
        if (count == 0) {
            return completed();
        }
        if (count != INDEFINITE && count > bytes.length - pos) {
            return "CBOR declares " + Long.toUnsignedString(count) + " items at byte " + pos + " but only "
                    + (bytes.length - pos) + " bytes remain";
        }
        if (depth + 1 >= limits.maxCborDepth()) {
            return "CBOR is nested deeper than " + limits.maxCborDepth() + " levels";
        }
        open[depth++] = count;
        return null;
    }

    private String closeIndefinite() {
        if (depth == 0 || open[depth - 1] != INDEFINITE) {
            return "CBOR has a break byte outside an indefinite-length item at byte " + (pos - 1);
        }
        depth--;
        return completed();
    }

    /** Counts one finished item against the open containers, closing each one it completes. */
    private String completed() {
        while (depth > 0 && open[depth - 1] != INDEFINITE) {
            if (--open[depth - 1] > 0) {
                return null;
            }
            depth--;
        }
        return null;
    }
}
