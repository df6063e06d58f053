package dev.passgate.hal.wedge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The wedge reader over FIFOs made with mkfifo: the test writes the scanner's events, the reader reads them. */
class WedgeScanSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final EventLayout LAYOUT = EventLayout.BITS_64;

    @TempDir
    Path dir;

    private final BlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();
    private final ManualDelays delays = new ManualDelays();
    private final Semaphore idleTimers = new Semaphore(0);
    private final Delays countingDelays = (delay, action) -> {
        Cancellable scheduled = delays.schedule(delay, action);
        idleTimers.release();
        return scheduled;
    };

    @Test
    void readsCodesFromAFifoAndReadsAgainAfterTheScannerComesBack() throws Exception {
        Path fifo = Fifos.make(dir.resolve("usb-reader-event-kbd"));
        try (WedgeScanSource source = source(fifo, WedgeSettings.Terminator.ENTER, 8192)) {
            source.start(codes::add);

            // when the scanner types a code and goes away (its writer closes)
            write(fifo, new KeyRecording(LAYOUT).type("HC1:FIRST").enter().bytes());
            assertThat(next()).isEqualTo("HC1:FIRST");
            assertThat(source.awaitState(WedgeScanSource.State.DISCONNECTED, WAIT)).isTrue();

            // then it is read again when it comes back
            write(fifo, new KeyRecording(LAYOUT).type("HC1:SECOND").enter().bytes());
            assertThat(next()).isEqualTo("HC1:SECOND");
        }
    }

    @Test
    void joinsAnEventSplitAcrossTwoWrites() throws Exception {
        Path fifo = Fifos.make(dir.resolve("split"));
        byte[] bytes = new KeyRecording(LAYOUT).type("ab").enter().bytes();
        try (WedgeScanSource source = source(fifo, WedgeSettings.Terminator.ENTER, 8192)) {
            source.start(codes::add);
            try (OutputStream out = new FileOutputStream(fifo.toFile())) {
                out.write(bytes, 0, 37);
                out.flush();
                assertThat(source.awaitState(WedgeScanSource.State.CONNECTED, WAIT)).isTrue();
                out.write(bytes, 37, bytes.length - 37);
            }
            assertThat(next()).isEqualTo("ab");
        }
    }

    @Test
    void idleTerminatorCutsAtPausesInTheKernelTimestampsAndAtTheIdleTimer() throws Exception {
        Path fifo = Fifos.make(dir.resolve("idle"));
        try (WedgeScanSource source = source(fifo, WedgeSettings.Terminator.IDLE, 8192);
             OutputStream out = openWhenReaderIsThere(fifo, source)) {
            // when two codes arrive 300 ms apart by the kernel's clock, in one write, without any terminator
            out.write(new KeyRecording(LAYOUT).type("one").pause(300).type("two").bytes());
            out.flush();

            // then the pause in the timestamps ends the first at once
            assertThat(next()).isEqualTo("one");
            // and the second ends when the reader's idle timer runs out, after its last key
            assertThat(idleTimers.tryAcquire(6, WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(codes).isEmpty();
            delays.advance(Duration.ofMillis(79));
            assertThat(codes).isEmpty();
            delays.advance(Duration.ofMillis(1));
            assertThat(next()).isEqualTo("two");
        }
    }

    @Test
    void tabTerminatorEndsCodesAtTabAndDropsEnter() throws Exception {
        Path fifo = Fifos.make(dir.resolve("tab"));
        try (WedgeScanSource source = source(fifo, WedgeSettings.Terminator.TAB, 8192)) {
            source.start(codes::add);
            write(fifo, new KeyRecording(LAYOUT).type("left").enter().type("right").tab().bytes());
            assertThat(next()).isEqualTo("leftright");
        }
    }

    @Test
    void boundsAnOverLongCodeAndReadsTheNextOne() throws Exception {
        Path fifo = Fifos.make(dir.resolve("long"));
        try (WedgeScanSource source = source(fifo, WedgeSettings.Terminator.ENTER, 64)) {
            source.start(codes::add);
            write(fifo, new KeyRecording(LAYOUT).type("x".repeat(500)).enter().type("ok").enter().bytes());
            ScannedCode first = codes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(first).isNotNull();
            assertThat(first.text()).hasSize(64);
            assertThat(first.overLength()).isTrue();
            assertThat(next()).isEqualTo("ok");
        }
    }

    @Test
    void waitsForAMissingDeviceAndReadsItOnceItAppears() throws Exception {
        Path device = dir.resolve("usb-later-event-kbd");
        try (WedgeScanSource source = source(device, WedgeSettings.Terminator.ENTER, 8192)) {
            source.start(codes::add);
            assertThat(source.awaitState(WedgeScanSource.State.DISCONNECTED, WAIT)).isTrue();
            assertThat(source.health()).isEqualTo("DISCONNECTED");

            Files.write(device, new KeyRecording(LAYOUT).type("late").enter().bytes());

            assertThat(next()).isEqualTo("late");
            assertThat(source.awaitState(WedgeScanSource.State.ENDED, WAIT)).isTrue();
        }
    }

    @Test
    void healthSaysWhenTheDeviceIsReadWithoutExclusiveUse() throws Exception {
        Path fifo = Fifos.make(dir.resolve("health"));
        try (WedgeScanSource source = source(fifo, WedgeSettings.Terminator.ENTER, 8192);
             OutputStream out = openWhenReaderIsThere(fifo, source)) {
            assertThat(source.awaitState(WedgeScanSource.State.CONNECTED, WAIT)).isTrue();
            assertThat(source.health()).isEqualTo("CONNECTED (not grabbed: not an input device (ENOTTY or EINVAL))");
            out.flush();
        }
    }

    private WedgeScanSource source(Path device, WedgeSettings.Terminator terminator, int maxLength) {
        return new WedgeScanSource(new WedgeSettings(device.toString(), LAYOUT, terminator, Duration.ofMillis(80),
                true, Duration.ofMillis(100), maxLength), countingDelays, System::nanoTime);
    }

    private OutputStream openWhenReaderIsThere(Path fifo, WedgeScanSource source) throws IOException {
        source.start(codes::add);
        // Opening a FIFO for writing blocks until the reader has it open, so this returns once it is connected.
        return new FileOutputStream(fifo.toFile());
    }

    private static void write(Path fifo, byte[] bytes) throws IOException {
        try (OutputStream out = new FileOutputStream(fifo.toFile())) {
            out.write(bytes);
        }
    }

    private String next() throws InterruptedException {
        ScannedCode code = codes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(code).as("a code within " + WAIT).isNotNull();
        return code.text();
    }
}
