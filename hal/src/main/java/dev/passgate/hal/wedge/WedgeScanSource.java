package dev.passgate.hal.wedge;

import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.ScanSource;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.scan.CodeFramer;
import dev.passgate.hal.scan.Framing;
import dev.passgate.hal.scan.ReaderLoop;
import dev.passgate.hal.scan.SinkGate;
import dev.passgate.hal.timing.StateWatch;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Codes from a USB keyboard-wedge scanner, read from its Linux input device (evdev) on a daemon thread.
 *
 * <p>The device is opened non-blocking through {@link Libc} and, when the settings ask, grabbed with
 * {@code EVIOCGRAB} so that no console or other program sees the keys; a grab that fails is logged with its
 * {@link Grab} outcome and reading goes on. Events are cut in {@link EventLayout} records (a record split across
 * reads is joined), turned into characters by a US-layout {@link KeyDecoder}, and into codes by a
 * {@link CodeFramer} bounded by {@code maxLength}. The terminator key ends a code; under
 * {@link WedgeSettings.Terminator#IDLE} a code ends once no key came for the idle timeout, timed through the
 * injected {@link Delays}, and also when the kernel's timestamps show such a pause between two keys (so a
 * recording read all at once is cut as it was typed). Under {@code TAB} an Enter is dropped, under
 * {@code ENTER} a Tab is a character.
 *
 * <p>The device is gone when a read fails, when poll reports an error or hang-up, or when end of file is read
 * on anything but a regular file (a FIFO whose writer closed); it is closed, an unfinished code dropped, and
 * opening is retried every {@code reopenInterval}. End of file on a regular file (a recording) ends the source:
 * {@link State#ENDED}. Scanned text is never logged. After {@link #close} returns no code is delivered.
 *
 * <p>Not guaranteed: that keys typed while the device was unplugged or not yet grabbed are seen, or that they
 * stayed away from a console.
 */
public final class WedgeScanSource implements ScanSource {
    /** Connection state; {@code DISCONNECTED} covers both "not there yet" and "went away". */
    public enum State { NOT_STARTED, CONNECTED, DISCONNECTED, ENDED, CLOSED }

    private static final int POLL_MILLIS = 100;
    private static final int EVENTS_PER_READ = 64;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);

    private final WedgeSettings settings;
    private final Delays delays;
    private final LongSupplier nanoTime;
    private final String name;
    private final ReaderLoop loop;
    private final Object framing = new Object();
    private final KeyDecoder keys = new KeyDecoder();
    private final StateWatch<State> state = new StateWatch<>(State.NOT_STARTED, State.CLOSED);
    private volatile Grab grab = Grab.NOT_REQUESTED;
    private SinkGate gate;
    private CodeFramer framer;
    private Cancellable idleEnd = () -> { };
    private long idleGeneration;
    private long lastKeyMicros;

    public WedgeScanSource(WedgeSettings settings, Delays delays, LongSupplier nanoTime) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.delays = Objects.requireNonNull(delays, "delays");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.name = "wedge:" + settings.device();
        this.loop = new ReaderLoop("scan source " + name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(Consumer<ScannedCode> sink) {
        loop.start("passgate-wedge-" + Path.of(settings.device()).getFileName(), () -> {
            gate = new SinkGate(name, sink);
            framer = new CodeFramer(name, Framing.CR, settings.maxLength(), gate::deliver);
        }, this::run);
    }

    /** The state, and when connected without exclusive use, why: e.g. {@code "CONNECTED (not grabbed: ...)"}. */
    @Override
    public String health() {
        State now = state();
        Grab held = grab;
        boolean ungrabbed = now == State.CONNECTED && settings.grab() && held != Grab.GRABBED;
        return ungrabbed ? now + " (not grabbed: " + held.description() + ")" : now.name();
    }

    public State state() {
        return state.get();
    }

    /** The outcome of the last grab attempt. */
    public Grab grab() {
        return grab;
    }

    /** Waits until the source is in the wanted state; true if it got there within the timeout. */
    public boolean awaitState(State wanted, Duration timeout) throws InterruptedException {
        return state.await(wanted, timeout);
    }

    @Override
    public void close() {
        synchronized (this) {
            if (!loop.beginClose()) {
                return;
            }
            if (gate != null) {
                gate.close();
            }
        }
        synchronized (framing) {
            idleEnd.cancel();
        }
        loop.join(CLOSE_WAIT);
        setState(State.CLOSED);
    }

    private void run() {
        try {
            readWhileOpen();
        } catch (LinkageError e) {
            setState(State.DISCONNECTED);
            Logger.error(e, "Wedge reader {} cannot be used: the C library could not be loaded through JNA",
                    settings.device());
        }
    }

    private void readWhileOpen() {
        Path device = Path.of(settings.device());
        boolean missingReported = false;
        while (running()) {
            EvdevFile file;
            try {
                file = EvdevFile.open(device);
            } catch (IOException e) {
                setState(State.DISCONNECTED);
                if (!missingReported) {
                    Logger.warn("Wedge reader {} is not available ({}); retrying every {} ms", settings.device(),
                            e.getMessage(), settings.reopenInterval().toMillis());
                    missingReported = true;
                }
                waitBeforeReopening();
                continue;
            }
            String reason;
            try (file) {
                grabIfAsked(file);
                setState(State.CONNECTED);
                Logger.info("Wedge reader {} connected ({} layout, {} ends a code, {})", settings.device(),
                        settings.layout(), settings.terminator(), grab.description());
                reason = readUntilGone(file, Files.isRegularFile(device));
            }
            if (reason != null && reason.isEmpty()) {
                endRecording();
            }
            forgetUnfinishedCode();
            if (reason == null) {
                break;
            }
            if (reason.isEmpty()) {
                setState(State.ENDED);
                Logger.info("Wedge reader {} reached the end of its recording", settings.device());
                break;
            }
            setState(State.DISCONNECTED);
            Logger.warn("Wedge reader {} went away ({}); retrying every {} ms", settings.device(), reason,
                    settings.reopenInterval().toMillis());
            missingReported = true;
            waitBeforeReopening();
        }
    }

    private void grabIfAsked(EvdevFile file) {
        if (!settings.grab()) {
            grab = Grab.NOT_REQUESTED;
            return;
        }
        grab = file.grab();
        if (grab != Grab.GRABBED) {
            Logger.warn("Wedge reader {} could not be grabbed: {}; scanned text may also reach a console",
                    settings.device(), grab.description());
        }
    }

    /** Reads until the device goes away (returns why), a recording ends (returns "") or close (returns null). */
    private String readUntilGone(EvdevFile file, boolean recording) {
        int size = settings.layout().size();
        byte[] buffer = new byte[size * EVENTS_PER_READ];
        int filled = 0;
        while (running()) {
            EvdevFile.Status status = file.read(buffer, filled, POLL_MILLIS);
            switch (status) {
                case DATA -> {
                    filled += file.lastCount();
                    long now = nanoTime.getAsLong();
                    int whole = filled - filled % size;
                    for (int offset = 0; offset < whole; offset += size) {
                        accept(settings.layout().decode(buffer, offset), now);
                    }
                    System.arraycopy(buffer, whole, buffer, 0, filled - whole);
                    filled -= whole;
                }
                case END_OF_FILE -> {
                    return recording ? "" : "end of input";
                }
                case GONE -> {
                    return "read failed, errno " + file.lastErrno();
                }
                case NOTHING_YET -> {
                    if (!Files.exists(Path.of(settings.device()))) {
                        return "device file is gone";
                    }
                }
            }
        }
        return null;
    }

    private void accept(InputEvent event, long now) {
        int key = keys.decode(event);
        if (key == KeyDecoder.NOTHING) {
            return;
        }
        synchronized (framing) {
            switch (settings.terminator()) {
                case ENTER -> framer.accept(key == KeyDecoder.ENTER ? '\r' : key == KeyDecoder.TAB ? '\t'
                        : (char) key, now);
                case TAB -> {
                    if (key != KeyDecoder.ENTER) {
                        framer.accept(key == KeyDecoder.TAB ? '\r' : (char) key, now);
                    }
                }
                case IDLE -> {
                    if (key >= 0) {
                        acceptIdleFramed(event, (char) key, now);
                    }
                }
            }
        }
    }

    private void acceptIdleFramed(InputEvent event, char key, long now) {
        long eventMicros = event.seconds() * 1_000_000 + event.micros();
        if (framer.pending() && eventMicros - lastKeyMicros >= settings.idleTimeout().toNanos() / 1000) {
            framer.endCode();
        }
        lastKeyMicros = eventMicros;
        framer.accept(key, now);
        scheduleIdleEnd();
    }

    private void scheduleIdleEnd() {
        idleEnd.cancel();
        long generation = ++idleGeneration;
        idleEnd = delays.schedule(settings.idleTimeout(), () -> idleDue(generation));
    }

    private void idleDue(long generation) {
        synchronized (framing) {
            if (generation == idleGeneration && !loop.closing()) {
                framer.endCode();
            }
        }
    }

    /** A recording's last code without terminator ends with the recording, as a line does at end of input. */
    private void endRecording() {
        synchronized (framing) {
            if (settings.terminator() == WedgeSettings.Terminator.IDLE) {
                framer.endCode();
            }
        }
    }

    private void forgetUnfinishedCode() {
        synchronized (framing) {
            idleEnd.cancel();
            idleGeneration++;
            framer.reset();
        }
        keys.reset();
    }

    private boolean running() {
        return loop.running();
    }

    private void waitBeforeReopening() {
        loop.pause(settings.reopenInterval());
    }

    private void setState(State next) {
        state.moveTo(next);
    }
}
