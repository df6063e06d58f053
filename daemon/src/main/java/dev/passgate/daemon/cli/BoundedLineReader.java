package dev.passgate.daemon.cli;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines (LF or CRLF) of at most a given length from an untrusted stream. A longer line is returned cut
 * at the limit with {@link Line#overLength()} set, and the rest of it is skipped without being buffered.
 */
final class BoundedLineReader {
    private final Reader in;
    private final int maxLength;

    record Line(String text, boolean overLength) {
    }

    BoundedLineReader(Reader in, int maxLength) {
        this.in = in;
        this.maxLength = maxLength;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        StringBuilder text = new StringBuilder();
        boolean over = false;
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (text.length() < maxLength) {
                text.append((char) c);
            } else {
                over = true;
            }
        }
        if (c == -1 && text.length() == 0 && !over) {
            return null;
        }
        int end = text.length();
        if (end > 0 && text.charAt(end - 1) == '\r') {
            text.setLength(end - 1);
        }
        return new Line(text.toString(), over);
    }
}
