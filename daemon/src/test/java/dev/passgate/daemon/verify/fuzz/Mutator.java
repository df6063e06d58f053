package dev.passgate.daemon.verify.fuzz;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded random mutations of texts and byte strings, each one appended to a description so that a slow or
 * failing input can be named without printing it. Byte mutations favour CBOR heads that declare large sizes,
 * indefinite lengths, deep nesting, tags and floats, which is where decoders go wrong.
 */
final class Mutator {
    static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    private static final byte[][] INTERESTING = {
        {(byte) 0x9f}, {(byte) 0xbf}, {(byte) 0x5f}, {(byte) 0x7f}, {(byte) 0xff}, {0x00}, {(byte) 0xf6},
        {(byte) 0xf7}, {(byte) 0xc6}, {(byte) 0xd8, 0x3d}, {(byte) 0xd2}, {(byte) 0xc4, (byte) 0x82, 0x1b},
        {(byte) 0x5a, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff}, {(byte) 0x9b, 0x00, 0x00, 0x00, 0x01},
        {(byte) 0x1b, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {(byte) 0xfb, 0x7f, (byte) 0xf8, 0, 0, 0, 0, 0, 0}, {(byte) 0xdb, (byte) 0xff, (byte) 0xff, (byte) 0xff,
            (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff},
        {(byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81,
            (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81, (byte) 0x81,
            (byte) 0x81, (byte) 0x81}};

    private final SplittableRandom random;
    private final StringBuilder description;

    Mutator(SplittableRandom random, StringBuilder description) {
        this.random = random;
        this.description = description;
    }

    /** Applies one to four random byte mutations; {@code others} are the material for splices. */
    byte[] mutateBytes(byte[] input, List<byte[]> others) {
        byte[] bytes = input;
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = bytes.length == 0 ? 0 : random.nextInt(bytes.length + 1);
            switch (random.nextInt(8)) {
                case 0 -> bytes = flipBit(bytes, at);
                case 1 -> bytes = note("insert", at, splice(bytes, at, at, new byte[] {(byte) random.nextInt(256)}));
                case 2 -> bytes = note("delete", at, splice(bytes, at, Math.min(bytes.length, at + 1
                        + random.nextInt(8)), new byte[0]));
                case 3 -> bytes = note("truncate", at, splice(bytes, at, bytes.length, new byte[0]));
                case 4 -> bytes = note("duplicate", at, splice(bytes, at, at, chunk(bytes)));
                case 5 -> bytes = note("interesting", at, splice(bytes, at, Math.min(bytes.length, at
                        + random.nextInt(3)), INTERESTING[random.nextInt(INTERESTING.length)]));
                case 6 -> bytes = note("overwrite", at, overwrite(bytes, at));
                default -> {
                    byte[] other = others.get(random.nextInt(others.size()));
                    int from = random.nextInt(other.length + 1);
                    bytes = note("splice", at, splice(bytes, at, bytes.length, slice(other, from, other.length)));
                }
            }
        }
        return bytes;
    }

    /** Applies one to four random text mutations; {@code alphabet} is the format's own character set. */
    String mutateText(String input, String alphabet, List<String> others) {
        String text = input;
        for (int n = 1 + random.nextInt(4); n > 0; n--) {
            int at = text.isEmpty() ? 0 : random.nextInt(text.length() + 1);
            int end = Math.min(text.length(), at + 1 + random.nextInt(8));
            text = switch (random.nextInt(7)) {
                case 0 -> noteText("flip", at, at < text.length() ? text.substring(0, at)
                        + (char) (text.charAt(at) ^ 1 << random.nextInt(8)) + text.substring(at + 1) : text);
                case 1 -> noteText("substitute", at, at < text.length() ? text.substring(0, at)
                        + alphabet.charAt(random.nextInt(alphabet.length())) + text.substring(at + 1) : text);
                case 2 -> noteText("insert", at, text.substring(0, at) + randomChar(alphabet) + text.substring(at));
                case 3 -> noteText("delete", at, text.substring(0, at) + text.substring(end));
                case 4 -> noteText("truncate", at, text.substring(0, at));
                case 5 -> noteText("duplicate", at, text.substring(0, end) + text.substring(at));
                default -> {
                    String other = others.get(random.nextInt(others.size()));
                    yield noteText("splice", at, text.substring(0, at) + other.substring(random.nextInt(
                            other.length() + 1)));
                }
            };
        }
        return text;
    }

    /** A random string of up to {@code maxLength} characters from the alphabet, with a few stray characters. */
    String randomText(String alphabet, int maxLength) {
        int length = random.nextInt(maxLength + 1);
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(randomChar(alphabet));
        }
        return text.toString();
    }

    private char randomChar(String alphabet) {
        return random.nextInt(16) == 0 ? (char) random.nextInt(0x10000) : alphabet.charAt(random.nextInt(
                alphabet.length()));
    }

    private byte[] flipBit(byte[] bytes, int at) {
        if (bytes.length == 0) {
            return bytes;
        }
        int index = Math.min(at, bytes.length - 1);
        byte[] copy = bytes.clone();
        copy[index] ^= (byte) (1 << random.nextInt(8));
        return note("flip", index, copy);
    }

    private byte[] overwrite(byte[] bytes, int at) {
        byte[] copy = bytes.clone();
        for (int i = at; i < Math.min(copy.length, at + 1 + random.nextInt(4)); i++) {
            copy[i] = (byte) random.nextInt(256);
        }
        return copy;
    }

    private byte[] chunk(byte[] bytes) {
        int from = random.nextInt(bytes.length + 1);
        return slice(bytes, from, Math.min(bytes.length, from + 1 + random.nextInt(64)));
    }

    private static byte[] slice(byte[] bytes, int from, int to) {
        byte[] out = new byte[to - from];
        System.arraycopy(bytes, from, out, 0, out.length);
        return out;
    }

    private static byte[] splice(byte[] bytes, int from, int to, byte[] replacement) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length + replacement.length);
        out.write(bytes, 0, from);
        out.write(replacement, 0, replacement.length);
        out.write(bytes, to, bytes.length - to);
        return out.toByteArray();
    }

    private byte[] note(String operation, int at, byte[] result) {
        description.append(' ').append(operation).append('@').append(at);
        return result;
    }

    private String noteText(String operation, int at, String result) {
        description.append(' ').append(operation).append('@').append(at);
        return result;
    }
}
