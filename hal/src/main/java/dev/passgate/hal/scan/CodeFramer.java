package dev.passgate.hal.scan;

import dev.passgate.hal.ScannedCode;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Cuts a stream of characters into codes, with a hard length bound. Feed it characters with {@link #accept};
 * it hands each complete code to the output. It never holds more than {@code maxLength} characters, whatever the
 * input: hostile or broken input cannot grow memory.
 *
 * <p>Rules:
 * <ul>
 *   <li>Terminators per {@link Framing}. {@code CR}: CR ends a code and an LF right after a CR is skipped.
 *       {@code LF}: LF ends a code and a CR right before it is dropped. {@code CRLF}: only CR LF ends a code.
 *       {@code IDLE}: no terminator; the owner calls {@link #endCode} when the line has been quiet long enough.</li>
 *   <li>Empty codes are never delivered (blank lines, CR LF read as two CR-framed ends, and so on).</li>
 *   <li>Over-length: when a code has {@code maxLength} characters and another one arrives, the first
 *       {@code maxLength} are delivered at once with {@code overLength = true} and the rest, up to the end of that
 *       code, is discarded without being stored. Exactly {@code maxLength} characters is not over-length.</li>
 *   <li>{@code receivedNanos} is the time passed with the character that completed the code (the terminator, the
 *       overflowing character, or for {@link #endCode} the last character of the code).</li>
 * </ul>
 * Not thread-safe: one reading thread owns it. The output runs on that thread.
 */
public final class CodeFramer {
    private static final char CR = '\r';
    private static final char LF = '\n';

    private final String source;
    private final Framing framing;
    private final Consumer<ScannedCode> output;
    private final char[] buffer;
    private int length;
    private boolean discarding;
    private boolean afterCr;
    private long lastCharNanos;

    public CodeFramer(String source, Framing framing, int maxLength, Consumer<ScannedCode> output) {
        this.source = Objects.requireNonNull(source, "source");
        this.framing = Objects.requireNonNull(framing, "framing");
        this.output = Objects.requireNonNull(output, "output");
        if (maxLength < 1) {
            throw new IllegalArgumentException("maximum code length must be at least 1, found " + maxLength);
        }
        this.buffer = new char[maxLength];
    }

    public void accept(char c, long nowNanos) {
        lastCharNanos = nowNanos;
        switch (framing) {
            case CR -> acceptCrFramed(c, nowNanos);
            case LF, CRLF -> acceptLfFramed(c, nowNanos);
            case IDLE -> data(c, nowNanos);
        }
    }

    /**
     * Ends the code being read as if a terminator had arrived after its last character: used for IDLE framing
     * when the line went quiet, and at end of input. A CR held back waiting for an LF is dropped.
     */
    public void endCode() {
        afterCr = false;
        end(lastCharNanos);
    }

    /** Whether characters of an unfinished code have arrived (including ones being discarded). */
    public boolean pending() {
        return length > 0 || discarding || afterCr;
    }

    /** The time passed with the last character accepted. */
    public long lastCharNanos() {
        return lastCharNanos;
    }

    /** Forgets an unfinished code, e.g. when the device went away in the middle of one. */
    public void reset() {
        length = 0;
        discarding = false;
        afterCr = false;
    }

    private void acceptCrFramed(char c, long nowNanos) {
        boolean skip = c == LF && afterCr;
        afterCr = c == CR;
        if (c == CR) {
            end(nowNanos);
        } else if (!skip) {
            data(c, nowNanos);
        }
    }

    private void acceptLfFramed(char c, long nowNanos) {
        if (c == LF && (afterCr || framing == Framing.LF)) {
            afterCr = false;
            end(nowNanos);
            return;
        }
        if (afterCr) {
            // The CR held back was not followed by LF, so it is part of the code.
            data(CR, nowNanos);
        }
        afterCr = c == CR;
        if (!afterCr) {
            data(c, nowNanos);
        }
    }

    private void data(char c, long nowNanos) {
        if (discarding) {
            return;
        }
        if (length < buffer.length) {
            buffer[length++] = c;
            return;
        }
        output.accept(new ScannedCode(source, new String(buffer, 0, length), true, nowNanos));
        length = 0;
        discarding = true;
    }

    private void end(long nowNanos) {
        if (discarding) {
            discarding = false;
        } else if (length > 0) {
            output.accept(new ScannedCode(source, new String(buffer, 0, length), false, nowNanos));
        }
        length = 0;
    }
}
