package dev.passgate.daemon.verify.shc;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the numeric QR text of a SMART Health Card:
 * <pre>
 *   shc:/ [C/N/] DDDD...       D = a digit; C/N/ = chunk C of N (deprecated)
 *   each pair of digits n (00..77) stands for the character n + 45, so 00 is '-' and 77 is 'z'
 * </pre>
 * The pairs spell a compact JWS. An odd number of digits, a character that is not a digit or a pair above 77
 * (past 'z', the highest character of base64url and the dots) is malformed. The prefix is matched without regard
 * to case, as {@code Format} does. A chunk header marks one part of a card split over several codes; the
 * specification deprecates chunking and passgate does not reassemble parts, so such a code is reported as
 * chunked. The header {@code 1/1/} names a single, complete chunk and is read as an unchunked code.
 */
public final class NumericQr {
    static final String PREFIX = "shc:/";
    private static final Pattern CHUNK = Pattern.compile("(\\d{1,4})/(\\d{1,4})/");
    private static final int OFFSET = 45;
    private static final int MAX_PAIR = 'z' - OFFSET;

    private NumericQr() {
    }

    /** How reading the text ended. */
    enum Status { DECODED, NOT_SHC, CHUNKED, MALFORMED }

    /** The JWS when {@code status} is DECODED, else a reason. */
    record Decoded(Status status, String jws, String reason) {
    }

    static Decoded decode(String text) {
        if (!text.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            return new Decoded(Status.NOT_SHC, null, "the code does not start with shc:/");
        }
        String body = text.substring(PREFIX.length());
        Matcher chunk = CHUNK.matcher(body);
        if (chunk.lookingAt()) {
            if (!chunk.group(1).equals("1") || !chunk.group(2).equals("1")) {
                return new Decoded(Status.CHUNKED, null, "the code is chunk " + chunk.group(1) + " of "
                        + chunk.group(2) + " of a card split over several QR codes; the SMART Health Cards "
                        + "specification deprecates chunking and passgate does not reassemble chunks");
            }
            body = body.substring(chunk.end());
        }
        if (body.isEmpty()) {
            return new Decoded(Status.MALFORMED, null, "the code has no digits after its header");
        }
        if (body.length() % 2 != 0) {
            return new Decoded(Status.MALFORMED, null, "the code has " + body.length()
                    + " digits after its header, expected an even number (two per character)");
        }
        char[] jws = new char[body.length() / 2];
        for (int i = 0; i < jws.length; i++) {
            char high = body.charAt(2 * i);
            char low = body.charAt(2 * i + 1);
            if (!isDigit(high) || !isDigit(low)) {
                return new Decoded(Status.MALFORMED, null, "the code has a character that is not a digit at "
                        + "position " + (PREFIX.length() + 2 * i) + " of its numeric part");
            }
            int value = (high - '0') * 10 + (low - '0');
            if (value > MAX_PAIR) {
                return new Decoded(Status.MALFORMED, null, "the code has the pair " + high + low
                        + " at pair " + i + ", expected at most " + MAX_PAIR);
            }
            jws[i] = (char) (value + OFFSET);
        }
        return new Decoded(Status.DECODED, new String(jws), null);
    }

    /** The numeric text of a JWS, as an issuer writes it: the inverse of {@link #decode} for unchunked codes. */
    public static String encode(String jws) {
        StringBuilder text = new StringBuilder(PREFIX.length() + 2 * jws.length()).append(PREFIX);
        for (int i = 0; i < jws.length(); i++) {
            int value = jws.charAt(i) - OFFSET;
            if (value < 0 || value > MAX_PAIR) {
                throw new IllegalArgumentException("character " + i + " of the JWS cannot be written in numeric "
                        + "mode: found U+" + String.format("%04X", (int) jws.charAt(i)) + ", expected '-' to 'z'");
            }
            text.append((char) ('0' + value / 10)).append((char) ('0' + value % 10));
        }
        return text.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
