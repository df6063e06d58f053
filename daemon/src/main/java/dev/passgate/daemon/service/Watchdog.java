package dev.passgate.daemon.service;

import dev.passgate.daemon.app.Probe;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.tinylog.Logger;

/**
 * Sends {@code WATCHDOG=1} only while every critical loop's {@link Probe} reports healthy, so that systemd
 * restarts a daemon with a hung loop. Each probe runs on a worker thread with a deadline: a probe that blocks
 * (its loop is hung) counts as unhealthy and is not started again until it returns, so a hang costs one parked
 * thread, not one per tick. The first unhealthy loop is reported once in a {@code STATUS=} line.
 * {@link #tick} is called periodically from one scheduler thread; it is not thread-safe.
 */
public final class Watchdog implements AutoCloseable {
    private final Map<String, Probe> probes;
    private final ServiceNotifier notifier;
    private final Duration probeDeadline;
    private final Map<String, Future<Optional<String>>> running = new HashMap<>();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "passgate-watchdog-probe");
        thread.setDaemon(true);
        return thread;
    });
    /** The name of the loop last found unhealthy, or null when all were healthy at the last tick. */
    private String lastProblem;

    public Watchdog(Map<String, Probe> probes, ServiceNotifier notifier, Duration probeDeadline) {
        this.probes = new LinkedHashMap<>(probes);
        this.notifier = notifier;
        this.probeDeadline = probeDeadline;
    }

    /** Runs every probe; pets the watchdog when all are healthy. Returns the first problem, if any. */
    public Optional<String> tick() {
        for (Map.Entry<String, Probe> probe : probes.entrySet()) {
            Optional<String> problem = run(probe.getKey(), probe.getValue());
            if (problem.isPresent()) {
                if (!probe.getKey().equals(lastProblem)) {
                    Logger.warn("watchdog withheld: {}: {}", probe.getKey(), problem.get());
                    notifier.notify("STATUS=unhealthy: " + probe.getKey() + ": " + problem.get());
                }
                lastProblem = probe.getKey();
                return problem;
            }
        }
        if (lastProblem != null) {
            Logger.info("watchdog: every loop healthy again");
            notifier.notify("STATUS=healthy again");
            lastProblem = null;
        }
        notifier.notify("WATCHDOG=1");
        return Optional.empty();
    }

    private Optional<String> run(String name, Probe probe) {
        Future<Optional<String>> future = running.get(name);
        if (future == null || future.isDone()) {
            future = workers.submit(probe::problem);
            running.put(name, future);
        }
        try {
            return future.get(probeDeadline.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Optional.of("not answering within " + probeDeadline.toMillis() + " ms");
        } catch (ExecutionException e) {
            return Optional.of("probe failed: " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.of("interrupted");
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    /**
     * How often to tick: half of {@code WATCHDOG_USEC} when systemd set a watchdog for this process
     * ({@code WATCHDOG_PID} absent or equal to {@code pid}); empty when there is no watchdog.
     */
    public static Optional<Duration> interval(Map<String, String> env, long pid) {
        String usec = env.get("WATCHDOG_USEC");
        String watchedPid = env.get("WATCHDOG_PID");
        if (usec == null || watchedPid != null && !watchedPid.strip().equals(Long.toString(pid))) {
            return Optional.empty();
        }
        try {
            long micros = Long.parseLong(usec.strip());
            return micros > 0 ? Optional.of(Duration.ofNanos(micros * 1000 / 2)) : Optional.empty();
        } catch (NumberFormatException e) {
            Logger.warn("ignoring WATCHDOG_USEC '{}': not a number", usec);
            return Optional.empty();
        }
    }
}
