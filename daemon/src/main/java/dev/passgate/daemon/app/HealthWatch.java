package dev.passgate.daemon.app;

import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.trust.TrustState;
import dev.passgate.daemon.trust.TrustStatus;
import dev.passgate.hal.Cancellable;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.LightColor;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Keeps the idle light and the log in step with the kiosk's health while it runs: every {@link #INTERVAL} (on the
 * kiosk's upkeep {@link Delays}) it asks for the current problems ({@link Health}), and when trust data changes state
 * the trust thread tells it at once. The idle light is amber while there is a problem or the trust data is not fresh,
 * off otherwise; it is set only when that changes, so it never flickers, and through {@link Feedback#idle}, so a
 * verdict being shown keeps its light until its hold time ends. Each problem is logged once when it appears (WARN,
 * {@code degraded: ...}) and once when it clears (INFO); a problem whose details change (a count, an age, a reader's
 * state) is the same problem and is not logged again. After {@link #close} nothing is checked or logged, so taking
 * the readers down at stop raises no warning.
 */
public final class HealthWatch implements AutoCloseable {
    /** How often the health is checked while the kiosk runs. */
    public static final Duration INTERVAL = Duration.ofSeconds(5);

    private final Feedback feedback;
    private Map<String, String> known = new LinkedHashMap<>();
    private boolean trustAmber;
    private LightColor shown = LightColor.OFF;
    private Supplier<List<String>> problems = List::of;
    private final DoorInputs inputs;
    private Delays delays;
    private Cancellable next = () -> { };
    private boolean closed;

    public HealthWatch(Feedback feedback) {
        this(feedback, DoorInputs.none());
    }

    /** A watch that also reports the switches that cannot be read through {@link #inputProblems}. */
    public HealthWatch(Feedback feedback, DoorInputs inputs) {
        this.feedback = feedback;
        this.inputs = inputs;
    }

    /** Each switch that cannot be read, named with its fix ({@link Health#inputs}). */
    public List<String> inputProblems() {
        return Health.inputs(inputs);
    }

    /** Checks now (logging every problem found at start), then every {@link #INTERVAL} on {@code scheduler}. */
    public void start(Delays scheduler, Supplier<List<String>> current) {
        synchronized (this) {
            this.delays = scheduler;
            this.problems = current;
        }
        checkAndReschedule();
    }

    /** The trust thread's report of a change of trust-data state: amber unless the data is fresh. */
    public synchronized void trust(TrustStatus status) {
        trustAmber = status.state() != TrustState.FRESH;
        show();
    }

    /**
     * Checks the health now: logs what appeared or cleared since the last check and sets the idle light. The
     * problems are gathered outside this object's lock, so a trust thread reporting meanwhile never waits on them.
     */
    public void check() {
        Supplier<List<String>> source;
        synchronized (this) {
            source = problems;
        }
        record(source.get());
    }

    private synchronized void record(List<String> found) {
        if (closed) {
            return;
        }
        Map<String, String> now = new LinkedHashMap<>();
        for (String problem : found) {
            now.putIfAbsent(key(problem), problem);
        }
        now.forEach((key, problem) -> {
            if (!known.containsKey(key)) {
                Logger.warn("degraded: {}", problem);
            }
        });
        known.forEach((key, problem) -> {
            if (!now.containsKey(key)) {
                Logger.info("health: cleared: {}", head(problem));
            }
        });
        if (!known.isEmpty() && now.isEmpty()) {
            Logger.info("health: every problem cleared, the kiosk is healthy again");
        }
        known = now;
        show();
    }

    /** The problems found by the last check, in the order {@link Health} names them. */
    public synchronized List<String> current() {
        return List.copyOf(known.values());
    }

    private void checkAndReschedule() {
        try {
            check();
        } catch (RuntimeException e) {
            // the kiosk is being taken down (entry log closed): stop checking quietly
            Logger.debug("health check stopped: {}", e.getMessage());
            return;
        }
        synchronized (this) {
            if (!closed) {
                next = delays.schedule(INTERVAL, this::checkAndReschedule);
            }
        }
    }

    private void show() {
        LightColor wanted = closed ? shown : !known.isEmpty() || trustAmber ? LightColor.AMBER : LightColor.OFF;
        if (wanted != shown) {
            shown = wanted;
            feedback.idle(wanted);
        }
    }

    /**
     * What stays the same while a problem lasts: its text before the first {@code ": "}, without the details in
     * parentheses and without numbers. "no reader is usable (serial:/dev/ttyACM0 DISCONNECTED): plug ..." and
     * "3 decision(s) could not be written ..." each keep one key while their details change.
     */
    static String key(String problem) {
        return head(problem.replaceAll("\\([^)]*\\)", "")).replaceAll("[0-9]+", "").replaceAll("\\s+", " ")
                .strip();
    }

    /** The problem without its fix: the text before the first {@code ": "} that is not inside parentheses. */
    private static String head(String problem) {
        int depth = 0;
        for (int i = 0; i + 1 < problem.length(); i++) {
            char c = problem.charAt(i);
            depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            if (depth == 0 && c == ':' && problem.charAt(i + 1) == ' ') {
                return problem.substring(0, i);
            }
        }
        return problem;
    }

    @Override
    public synchronized void close() {
        closed = true;
        next.cancel();
    }
}
