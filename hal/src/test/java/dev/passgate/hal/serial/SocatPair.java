package dev.passgate.hal.serial;

import java.io.BufferedReader;
import java.io.File;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * A pseudo-terminal pair made by socat: {@code DIR/reader} is the barcode reader's end (the test writes codes
 * into it) and {@code DIR/kiosk} the kiosk's end (the source under test opens it). Ready once socat reports
 * "starting data transfer loop" on stderr. {@link #unplug} kills socat, which removes both links, as pulling a USB
 * reader removes its device node.
 */
public final class SocatPair implements AutoCloseable {
    private static final String READY = "starting data transfer loop";
    private static final long WAIT_SECONDS = 10;

    private final Process process;
    private final Path reader;
    private final Path kiosk;
    private final List<String> stderr = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private OutputStream readerOut;

    private SocatPair(Path dir) throws IOException {
        reader = dir.resolve("reader");
        kiosk = dir.resolve("kiosk");
        process = new ProcessBuilder("socat", "-d", "-d", "pty,raw,echo=0,link=" + reader,
                "pty,raw,echo=0,link=" + kiosk)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        Thread watcher = new Thread(this::watchStderr, "socat-stderr");
        watcher.setDaemon(true);
        watcher.start();
    }

    public static boolean available() {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(dir, "socat"))) {
                return true;
            }
        }
        return false;
    }

    public static SocatPair start(Path dir) throws IOException, InterruptedException {
        SocatPair pair = new SocatPair(dir);
        if (!pair.ready.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
            pair.close();
            throw new AssertionError("socat did not start within " + WAIT_SECONDS + " s; stderr: " + pair.stderr);
        }
        return pair;
    }

    public Path kiosk() {
        return kiosk;
    }

    /** Writes bytes into the reader's end, as a barcode reader would after a scan. */
    public void send(byte[] bytes) throws IOException {
        if (readerOut == null) {
            readerOut = new FileOutputStream(reader.toFile());
        }
        readerOut.write(bytes);
        readerOut.flush();
    }

    public void send(String ascii) throws IOException {
        send(ascii.getBytes(StandardCharsets.ISO_8859_1));
    }

    /**
     * Starts reading bytes the kiosk sends to the reader (confirmation commands): the reader's end is opened now,
     * before the kiosk writes, and the bytes are read in the background until {@code count} arrived.
     */
    public Future<byte[]> receive(int count) throws IOException {
        FileInputStream in = new FileInputStream(reader.toFile());
        ExecutorService reading = Executors.newSingleThreadExecutor();
        Future<byte[]> bytes = reading.submit(() -> {
            try (in) {
                byte[] read = new byte[count];
                int filled = 0;
                while (filled < count) {
                    int n = in.read(read, filled, count - filled);
                    if (n < 0) {
                        break;
                    }
                    filled += n;
                }
                return Arrays.copyOf(read, filled);
            }
        });
        reading.shutdown();
        return bytes;
    }

    /** Kills socat and waits until it is gone. */
    public void unplug() throws InterruptedException, IOException {
        if (readerOut != null) {
            readerOut.close();
            readerOut = null;
        }
        process.destroy();
        if (!process.waitFor(WAIT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("socat did not stop within " + WAIT_SECONDS + " s");
        }
    }

    @Override
    public void close() throws IOException {
        if (!process.isAlive()) {
            return;
        }
        try {
            unplug();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void watchStderr() {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                stderr.add(line);
                if (line.contains(READY)) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            stderr.add("stderr unreadable: " + e);
        }
    }
}
