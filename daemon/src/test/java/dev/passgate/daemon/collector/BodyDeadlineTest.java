package dev.passgate.daemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The body deadline is per request and enforced by the streaming reader: a body whose reads return after the
 * deadline is refused 408 {@code too_slow}, whatever the JVM-wide {@code sun.net.httpserver.maxReqTime} is; the
 * same body arriving in time is read. Driven by a controllable monotonic clock, and once over real HTTP on loopback.
 */
class BodyDeadlineTest {
    private static final long SECOND = 1_000_000_000L;

    @TempDir
    Path dir;

    @Test
    void refusesABodyStillArrivingAfterItsDeadlineAndReadsTheSameBodyInTime() throws IOException {
        byte[] body = "{\"protocol\":1}\n".repeat(40).getBytes(StandardCharsets.UTF_8);
        AtomicLong now = new AtomicLong();
        // given a client that delivers 16 bytes per read, each read taking one second of the monotonic clock
        BoundedBody.Read slow = BoundedBody.read(new Trickle(body, 16, now), false, limits(5), 5 * SECOND, now::get);
        // then with a 5 s deadline it is refused as too slow
        assertThat(slow.refusal()).hasValueSatisfying(r -> {
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.error()).isEqualTo(Refusal.TOO_SLOW);
            assertThat(r.detail()).contains("5 s");
        });
        assertThat(now.get()).as("stopped reading at the deadline").isLessThanOrEqualTo(6 * SECOND);

        // and another request in the same JVM with a 60 s deadline reads the same trickle whole
        now.set(0);
        BoundedBody.Read patient = BoundedBody.read(new Trickle(body, 16, now), false, limits(60), 60 * SECOND,
                now::get);
        assertThat(patient.bytes()).hasValueSatisfying(bytes -> assertThat(bytes).isEqualTo(body));
    }

    @Test
    void refusesATrickledGzipBodyAfterItsDeadline() throws IOException {
        ByteArrayOutputStream gzip = new ByteArrayOutputStream();
        try (OutputStream out = new GZIPOutputStream(gzip)) {
            for (int i = 0; i < 2000; i++) {
                out.write(("{\"seq\":" + i + ",\"pad\":\"" + Integer.toHexString(i * 7919) + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
            }
        }
        AtomicLong now = new AtomicLong();
        BoundedBody.Read read = BoundedBody.read(new Trickle(gzip.toByteArray(), 64, now), true, limits(3),
                3 * SECOND, now::get);
        assertThat(read.refusal()).hasValueSatisfying(r -> assertThat(r.error()).isEqualTo(Refusal.TOO_SLOW));
    }

    @Test
    void answersASlowLorisOverHttp408AtItsOwnDeadline() throws Exception {
        // given a collector with a 1 s body deadline (the JDK's JVM-wide timer is the default limits' 30 s here)
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime",
                "30"));
        try (CollectorStore store = CollectorStore.open(dir.resolve("c.db"), Clock.systemUTC());
             CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     0), store, CollectorServer.NONE, limits(1))) {
            // when a client sends a byte every 100 ms
            long started = System.nanoTime();
            String answer = slowLoris(server.address(), 100, Duration.ofSeconds(20));
            long millis = (System.nanoTime() - started) / 1_000_000;

            // then it is answered 408 too_slow (and not cut by the JDK's timer)
            assertThat(answer).startsWith("HTTP/1.1 408").contains("\"error\":\"too_slow\"");
            System.out.printf("slow loris against a 1 s body deadline (JDK maxReqTime %s s): answered after %d ms:"
                    + " %s%n", System.getProperty("sun.net.httpserver.maxReqTime"), millis,
                    answer.lines().findFirst().orElse(""));
        }
    }

    /** Sends headers, then one body byte every {@code everyMillis} until an answer arrives; returns it. */
    private static String slowLoris(InetSocketAddress to, int everyMillis, Duration max) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
            socket.setSoTimeout(everyMillis);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("POST /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                    + "Content-Type: application/x-ndjson\r\nContent-Length: 1000\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            while (System.nanoTime() - started < max.toNanos()) {
                try {
                    out.write('{');
                    out.flush();
                    int first = in.read();
                    return first < 0 ? "closed" : answer((char) first, in);
                } catch (SocketTimeoutException e) {
                    continue;
                }
            }
            return "no answer";
        }
    }

    /** {@code first} and what follows on {@code in} until the JSON body's closing brace or a quiet second. */
    private static String answer(char first, InputStream in) throws IOException {
        StringBuilder text = new StringBuilder().append(first);
        byte[] buffer = new byte[512];
        for (int quiet = 0; quiet < 10 && !text.toString().endsWith("}"); ) {
            try {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                text.append(new String(buffer, 0, n, StandardCharsets.ISO_8859_1));
            } catch (SocketTimeoutException e) {
                quiet++;
            }
        }
        return text.toString();
    }

    private static CollectorLimits limits(int bodySeconds) {
        return new CollectorLimits(CollectorLimits.DEFAULT_MAX_COMPRESSED, CollectorLimits.DEFAULT_MAX_INFLATED,
                CollectorLimits.DEFAULT_MAX_CONCURRENT, Duration.ofSeconds(bodySeconds),
                CollectorLimits.DEFAULT_RETRY_AFTER);
    }

    /** A body handed out {@code chunk} bytes per read, each read advancing {@code now} by one second. */
    private static final class Trickle extends InputStream {
        private final byte[] bytes;
        private final int chunk;
        private final AtomicLong now;
        private int position;

        Trickle(byte[] bytes, int chunk, AtomicLong now) {
            this.bytes = bytes;
            this.chunk = chunk;
            this.now = now;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (position == bytes.length) {
                return -1;
            }
            now.addAndGet(SECOND);
            int n = Math.min(Math.min(chunk, length), bytes.length - position);
            System.arraycopy(bytes, position, buffer, offset, n);
            position += n;
            return n;
        }
    }
}
