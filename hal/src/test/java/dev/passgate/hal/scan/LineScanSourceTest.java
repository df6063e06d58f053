package dev.passgate.hal.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LineScanSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();
    private final AtomicLong clock = new AtomicLong(1234);

    @Test
    void deliversOneCodePerLineSkipsEmptyLinesAndEndsAtEndOfInput() throws InterruptedException {
        LineScanSource source = source(bytes("HC1:A\r\n\n\r\nHC1:B\nlast without newline"), 100);

        source.start(codes::add);

        assertThat(source.awaitEnd(WAIT)).isTrue();
        assertThat(codes).extracting(ScannedCode::source, ScannedCode::text, ScannedCode::overLength,
                        ScannedCode::receivedNanos)
                .containsExactly(tuple("stdin", "HC1:A", false, 1234L), tuple("stdin", "HC1:B", false, 1234L),
                        tuple("stdin", "last without newline", false, 1234L));
    }

    @Test
    void hostileEndlessLineIsCutOnceAndTheNextLineStillArrives() throws InterruptedException {
        // given 20 MB without a newline, produced on the fly, then a normal line
        InputStream hostile = new EndlessLine(20_000_000L, "\nnext\n");
        LineScanSource source = source(hostile, 64);

        source.start(codes::add);

        assertThat(source.awaitEnd(WAIT)).isTrue();
        assertThat(codes).extracting(ScannedCode::text, ScannedCode::overLength)
                .containsExactly(tuple("A".repeat(64), true), tuple("next", false));
    }

    @Test
    void decodesUtf8() throws InterruptedException {
        LineScanSource source = source(bytes("café ✓\n"), 100);

        source.start(codes::add);

        assertThat(source.awaitEnd(WAIT)).isTrue();
        assertThat(codes).extracting(ScannedCode::text).containsExactly("café ✓");
    }

    @Test
    void deliversEachLineAsItArrivesOnItsOwnThread() throws InterruptedException {
        ScriptedInputStream terminal = new ScriptedInputStream();
        LineScanSource source = source(terminal, 100);
        List<String> threads = new ArrayList<>();
        source.start(code -> {
            threads.add(Thread.currentThread().getName());
            codes.add(code);
        });

        terminal.feed("first\n");
        assertThat(codes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting(ScannedCode::text).isEqualTo("first");
        assertThat(source.awaitEnd(Duration.ZERO)).isFalse();

        terminal.feed("sec");
        terminal.feed("ond\n");
        assertThat(codes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting(ScannedCode::text).isEqualTo("second");

        terminal.close();
        assertThat(source.awaitEnd(WAIT)).isTrue();
        assertThat(threads).containsOnly("passgate-scan-stdin");
    }

    @Test
    void deliversNothingAfterClose() throws InterruptedException {
        // given a sink that closes the source when it sees the first code
        LineScanSource source = source(bytes("one\ntwo\nthree\n"), 100);
        source.start(code -> {
            codes.add(code);
            source.close();
        });

        assertThat(source.awaitEnd(WAIT)).isTrue();
        assertThat(codes).extracting(ScannedCode::text).containsExactly("one");
    }

    @Test
    void closeBeforeStartCountsAsEndedAndForbidsStart() throws InterruptedException {
        LineScanSource source = source(bytes("x\n"), 10);

        source.close();

        assertThat(source.awaitEnd(Duration.ZERO)).isTrue();
        assertThatThrownBy(() -> source.start(codes::add)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void rejectsASecondStartAndALengthLimitBelowOne() {
        LineScanSource source = source(bytes(""), 10);
        source.start(codes::add);

        assertThatThrownBy(() -> source.start(codes::add)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> source(bytes(""), -3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found -3");
    }

    private LineScanSource source(InputStream in, int maxLength) {
        return new LineScanSource("stdin", in, maxLength, clock::get);
    }

    private static InputStream bytes(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code length} bytes of 'A' produced on the fly, never held in memory, then a tail. */
    private static final class EndlessLine extends InputStream {
        private final ByteArrayInputStream tail;
        private long left;

        EndlessLine(long length, String tail) {
            this.left = length;
            this.tail = new ByteArrayInputStream(tail.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public int read() {
            if (left <= 0) {
                return tail.read();
            }
            left--;
            return 'A';
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return tail.read(buffer, offset, length);
            }
            int n = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + n, (byte) 'A');
            left -= n;
            return n;
        }
    }
}
