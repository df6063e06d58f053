package dev.passgate.hal.serial;

import com.fazecast.jSerialComm.SerialPort;
import com.fazecast.jSerialComm.SerialPortInvalidPortException;
import dev.passgate.hal.ReaderFeedback;
import dev.passgate.hal.ScanSource;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.scan.CodeFramer;
import dev.passgate.hal.scan.Framing;
import dev.passgate.hal.scan.ReaderLoop;
import dev.passgate.hal.scan.SinkGate;
import dev.passgate.hal.timing.StateWatch;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Codes from a serial barcode reader (USB CDC-ACM or a UART), read with jSerialComm on its own daemon thread.
 *
 * <p>Bytes are decoded as ISO-8859-1, one character per byte, and cut into codes by a {@link CodeFramer} with the
 * configured {@link Framing}, bounded by {@code maxLength} (the rest of an over-long code is discarded unread into
 * memory). Under {@link Framing#IDLE} a code ends once no byte arrived for {@code idleTimeout}, measured with the
 * injected {@code nanoTime}, which must therefore be a real monotonic clock such as {@code System::nanoTime}.
 *
 * <p>Reads are semi-blocking with a short timeout, so the thread notices {@link #close} within about
 * {@value #MAX_READ_TIMEOUT_MILLIS} ms. The reader is considered gone when a read fails or, for an absolute port
 * path, the device file disappears; the port is then closed, an unfinished code dropped, and opening is retried
 * every {@code reopenInterval} until the reader is back. A port missing at start is handled the same way. State
 * changes are logged; scanned text never is. {@link #state} tells the current connection state for status
 * reporting. After {@code close} returns no code is delivered.
 *
 * <p>A code that is mostly control characters or bytes above 0x7E is dropped as line noise or a wrong baud
 * rate (a reader at another speed gives exactly that); the first and every hundredth are logged with that hint,
 * and {@link #health} counts them. {@link #confirm} sends the {@link ReaderCommands} for a decision to the open
 * port, so the reader's own beeper or LED can confirm it.
 *
 * <p>Not guaranteed: that bytes sent while the reader was unplugged, or while the port was closed, are seen.
 */
public final class SerialScanSource implements ScanSource, ReaderFeedback {
    /** Connection state. {@code DISCONNECTED} covers both "not there yet" and "went away". */
    public enum State {
        NOT_STARTED, CONNECTED, DISCONNECTED, CLOSED
    }

    static final long MAX_READ_TIMEOUT_MILLIS = 100;
    /** EINTR and EAGAIN: a read interrupted by a signal, or woken without data; not a reader that went away. */
    private static final Set<Integer> TRANSIENT_ERRORS = Set.of(4, 11);
    private static final Duration TRANSIENT_GRACE = Duration.ofSeconds(1);
    private static final long TRANSIENT_PAUSE_MILLIS = 10;
    private static final long MIN_READ_TIMEOUT_MILLIS = 10;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final int READ_CHUNK = 512;

    private final SerialSettings settings;
    private final LongSupplier nanoTime;
    private final String name;
    private final int readTimeoutMillis;
    private final ReaderLoop loop;
    private final StateWatch<State> state = new StateWatch<>(State.NOT_STARTED, State.CLOSED);
    private SinkGate gate;
    private final ReaderCommands commands;
    private volatile SerialPort connected;
    private final AtomicLong garbled = new AtomicLong();

    public SerialScanSource(SerialSettings settings, LongSupplier nanoTime) {
        this(settings, nanoTime, ReaderCommands.NONE);
    }

    /** A source that also sends the reader its confirmation commands. */
    public SerialScanSource(SerialSettings settings, LongSupplier nanoTime, ReaderCommands commands) {
        this.commands = Objects.requireNonNull(commands, "commands");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.name = "serial:" + settings.port();
        this.loop = new ReaderLoop("scan source " + name);
        long idleQuarter = settings.idleTimeout().toMillis() / 4;
        this.readTimeoutMillis = (int) (settings.framing() == Framing.IDLE
                ? Math.max(MIN_READ_TIMEOUT_MILLIS, Math.min(MAX_READ_TIMEOUT_MILLIS, idleQuarter))
                : MAX_READ_TIMEOUT_MILLIS);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start(Consumer<ScannedCode> sink) {
        loop.start("passgate-serial-" + Path.of(settings.port()).getFileName(), () -> gate = new SinkGate(name, sink),
                this::run);
    }

    @Override
    public String health() {
        long dropped = garbled.get();
        return dropped == 0 ? state().name()
                : state().name() + " (" + dropped + " garbled code(s) dropped: check the baud rate)";
    }

    /** Codes dropped as line noise or a wrong baud rate since start. */
    public long garbledCount() {
        return garbled.get();
    }

    @Override
    public void confirm(boolean admitted) {
        byte[] command = commands.forDecision(admitted);
        SerialPort port = connected;
        if (command.length == 0 || port == null) {
            return;
        }
        int written = port.writeBytes(command, command.length);
        if (written != command.length) {
            Logger.warn("Serial reader {}: confirmation command not sent ({} of {} bytes written)", settings.port(),
                    written, command.length);
        }
    }

    private void deliver(ScannedCode code) {
        if (!Garble.looksGarbled(code.text())) {
            gate.deliver(code);
            return;
        }
        long count = garbled.incrementAndGet();
        if (count % 100 == 1) {
            Logger.warn("Serial reader {}: dropped {} code(s) of mostly unprintable bytes, as line noise or a baud rate"
                    + " other than {} gives", settings.port(), count, settings.baud());
        }
    }

    public State state() {
        return state.get();
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
        if (!loop.join(CLOSE_WAIT)) {
            Logger.warn("Serial reader thread of {} did not stop within {} ms", settings.port(),
                    CLOSE_WAIT.toMillis());
        }
        setState(State.CLOSED);
    }

    private void run() {
        try {
            readWhileOpen();
        } catch (LinkageError e) {
            // jSerialComm could not load its native library: retrying would not help.
            setState(State.DISCONNECTED);
            Logger.error(e, "Serial reader {} cannot be used: jSerialComm failed to load", settings.port());
        }
    }

    private void readWhileOpen() {
        CodeFramer framer = new CodeFramer(name, settings.framing(), settings.maxLength(), this::deliver);
        boolean missingReported = false;
        while (running()) {
            Opened opened = open();
            if (opened.port() != null) {
                connected = opened.port();
                setState(State.CONNECTED);
                Logger.info("Serial reader {} connected at {} baud, {} framing", settings.port(), settings.baud(),
                        settings.framing());
                String reason = readUntilGone(opened.port(), framer);
                connected = null;
                opened.port().closePort();
                framer.reset();
                if (reason == null || !running()) {
                    // Closing: a read that failed because close() took the port away is no reader going away.
                    break;
                }
                setState(State.DISCONNECTED);
                Logger.warn("Serial reader {} went away ({}); retrying every {} ms", settings.port(), reason,
                        settings.reopenInterval().toMillis());
                missingReported = true;
            } else {
                setState(State.DISCONNECTED);
                if (!missingReported) {
                    Logger.warn("Serial reader {} is not available ({}); retrying every {} ms", settings.port(),
                            opened.failure(), settings.reopenInterval().toMillis());
                    missingReported = true;
                } else {
                    Logger.debug("Serial reader {} still not available ({})", settings.port(), opened.failure());
                }
            }
            waitBeforeReopening();
        }
        Logger.info("Serial reader {} stopped", settings.port());
    }

    private Opened open() {
        SerialPort port;
        try {
            port = SerialPort.getCommPort(settings.port());
        } catch (SerialPortInvalidPortException e) {
            return new Opened(null, "no such port");
        } catch (RuntimeException e) {
            return new Opened(null, "lookup failed with " + e.getClass().getSimpleName());
        }
        port.setComPortParameters(settings.baud(), 8, SerialPort.ONE_STOP_BIT, SerialPort.NO_PARITY);
        port.setFlowControl(SerialPort.FLOW_CONTROL_DISABLED);
        port.setComPortTimeouts(SerialPort.TIMEOUT_READ_SEMI_BLOCKING, readTimeoutMillis, 0);
        if (!port.openPort()) {
            return new Opened(null, "open failed with error " + port.getLastErrorCode());
        }
        return new Opened(port, null);
    }

    /** Reads until the reader goes away (returns why) or the source is closed (returns null). */
    private String readUntilGone(SerialPort port, CodeFramer framer) {
        byte[] chunk = new byte[READ_CHUNK];
        long idleNanos = settings.idleTimeout().toNanos();
        boolean idleFraming = settings.framing() == Framing.IDLE;
        try {
            long transientSince = -1;
            while (running()) {
                int n = port.readBytes(chunk, chunk.length);
                long now = nanoTime.getAsLong();
                if (n < 0) {
                    int error = port.getLastErrorCode();
                    if (TRANSIENT_ERRORS.contains(error)) {
                        // A signal (the daemon being stopped) or a wakeup without data: read again for a while.
                        transientSince = transientSince < 0 ? now : transientSince;
                        if (now - transientSince < TRANSIENT_GRACE.toNanos() && pauseAfterTransientError()) {
                            continue;
                        }
                    }
                    return "read failed with error " + error;
                }
                transientSince = -1;
                for (int i = 0; i < n; i++) {
                    framer.accept((char) (chunk[i] & 0xFF), now);
                }
                if (n == 0 && !deviceFilePresent()) {
                    return "device file is gone";
                }
                if (idleFraming && framer.pending() && now - framer.lastCharNanos() >= idleNanos) {
                    framer.endCode();
                }
            }
            return null;
        } catch (RuntimeException e) {
            return "read failed with " + e.getClass().getSimpleName();
        }
    }

    /** Waits a moment before the next read; false when closing began meanwhile. */
    private boolean pauseAfterTransientError() {
        return loop.pause(Duration.ofMillis(TRANSIENT_PAUSE_MILLIS));
    }

    private boolean deviceFilePresent() {
        Path path = Path.of(settings.port());
        return !path.isAbsolute() || Files.exists(path);
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

    private record Opened(SerialPort port, String failure) {
    }
}
