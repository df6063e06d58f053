package dev.passgate.daemon.service;

import dev.passgate.daemon.app.Kiosk;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.tinylog.Logger;

/**
 * Runs a started kiosk as a systemd service: {@code READY=1} with a {@code STATUS=} line once the kiosk is up,
 * the watchdog at half of {@code WATCHDOG_USEC} when systemd asked for one, and {@code STOPPING=1} at the end.
 * Outside systemd it only waits for the kiosk to stop.
 */
public final class ServiceRunner {
    private static final Duration DEFAULT_MAX_BUSY = Duration.ofSeconds(5);
    private final ServiceNotifier notifier;
    private final Map<String, String> env;
    private final long pid;

    public ServiceRunner(ServiceNotifier notifier, Map<String, String> env, long pid) {
        this.notifier = notifier;
        this.env = env;
        this.pid = pid;
    }

    /** Blocks until the kiosk stops. */
    public void run(Kiosk kiosk) throws InterruptedException {
        kiosk.start();
        ControlServer control = startControl(kiosk);
        notifier.notify("READY=1", "STATUS=" + kiosk.statusLine(), "MAINPID=" + pid);
        Optional<Duration> interval = Watchdog.interval(env, pid);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "passgate-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        Optional<Watchdog> watchdog = interval.map(every -> {
            Duration maxBusy = every.compareTo(DEFAULT_MAX_BUSY) < 0 ? every : DEFAULT_MAX_BUSY;
            return new Watchdog(kiosk.probes(maxBusy), notifier, every.dividedBy(2));
        });
        try {
            watchdog.ifPresent(dog -> {
                long every = interval.get().toNanos();
                scheduler.scheduleWithFixedDelay(() -> safeTick(dog), 0, every, TimeUnit.NANOSECONDS);
                Logger.info("systemd watchdog every {} ms", interval.get().toMillis());
            });
            kiosk.awaitStop();
        } finally {
            notifier.notify("STOPPING=1");
            scheduler.shutdownNow();
            watchdog.ifPresent(Watchdog::close);
            if (control != null) {
                control.close();
            }
        }
    }

    private static ControlServer startControl(Kiosk kiosk) {
        try {
            return ControlServer.start(kiosk.dataDir().resolve("control"),
                    () -> kiosk.status().toJson().ToJSONString());
        } catch (IOException | RuntimeException e) {
            Logger.error("control socket unavailable, `passgate status` will not answer: {}", e.getMessage());
            return null;
        }
    }

    private static void safeTick(Watchdog watchdog) {
        try {
            watchdog.tick();
        } catch (RuntimeException e) {
            Logger.error("watchdog probe failed: {}", e.toString());
        }
    }
}
