package dev.passgate.daemon.service;

import dev.passgate.config.MetricsConfig;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.app.ReloadReport;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Runs a started kiosk as a systemd service: {@code READY=1} with a {@code STATUS=} line once the kiosk is up,
 * the watchdog at half of {@code WATCHDOG_USEC} when systemd asked for one, and {@code STOPPING=1} at the end.
 * Outside systemd it only waits for the kiosk to stop. A reload request (the {@link ReloadSignal}, SIGHUP for the
 * daemon, or {@code reload} on the control socket) is announced with {@code RELOADING=1} and
 * {@code MONOTONIC_USEC=} (CLOCK_MONOTONIC, which newer systemd requires with it), and ends with {@code READY=1}
 * and a {@code STATUS=} line saying whether the file was applied or rejected. With {@code [metrics]} enabled it also
 * serves the Prometheus endpoint; an endpoint that cannot bind is logged and the daemon runs without it.
 */
public final class ServiceRunner {
    private static final Duration DEFAULT_MAX_BUSY = Duration.ofSeconds(5);
    private final ServiceNotifier notifier;
    private final Map<String, String> env;
    private final long pid;
    private final ReloadSignal reloadSignal;
    private final LongSupplier monotonic;

    /** A runner that reloads on control-socket requests only. */
    public ServiceRunner(ServiceNotifier notifier, Map<String, String> env, long pid) {
        this(notifier, env, pid, ReloadSignal.NONE, System::nanoTime);
    }

    /** A runner that also reloads on {@code reloadSignal}; {@code monotonic} is CLOCK_MONOTONIC in nanoseconds. */
    public ServiceRunner(ServiceNotifier notifier, Map<String, String> env, long pid, ReloadSignal reloadSignal,
                         LongSupplier monotonic) {
        this.notifier = notifier;
        this.env = env;
        this.pid = pid;
        this.reloadSignal = reloadSignal;
        this.monotonic = monotonic;
    }

    /** Blocks until the kiosk stops. */
    public void run(Kiosk kiosk) throws InterruptedException {
        kiosk.start();
        ControlServer control = startControl(kiosk);
        MetricsServer metrics = startMetrics(kiosk.live().started().metrics(), kiosk);
        AutoCloseable hangup = reloadSignal.install(() -> reload(kiosk));
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
            closeQuietly(hangup);
            scheduler.shutdownNow();
            watchdog.ifPresent(Watchdog::close);
            if (control != null) {
                control.close();
            }
            if (metrics != null) {
                metrics.close();
            }
        }
    }

    /** Re-reads the configuration, telling the service manager; reloads from the signal and the socket queue up. */
    public synchronized ReloadReport reload(Kiosk kiosk) {
        notifier.notify("RELOADING=1", "MONOTONIC_USEC=" + monotonic.getAsLong() / 1000,
                "STATUS=reloading the configuration");
        ReloadReport report;
        try {
            report = kiosk.reload();
        } finally {
            notifier.notify("READY=1", "STATUS=" + kiosk.live().lastReload().summary());
        }
        return report;
    }

    private static MetricsServer startMetrics(MetricsConfig config, Kiosk kiosk) {
        if (!config.enabled()) {
            return null;
        }
        try {
            MetricsServer server = MetricsServer.start(new InetSocketAddress(config.host(), config.port()),
                    kiosk.vitals()::prometheus);
            Logger.info("metrics at http://{}/metrics", config.listen());
            return server;
        } catch (IOException | RuntimeException e) {
            Logger.error("metrics endpoint {} unavailable, running without it: {}", config.listen(), e.getMessage());
            return null;
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            Logger.debug("restoring the SIGHUP handler failed: {}", e.toString());
        }
    }

    private ControlServer startControl(Kiosk kiosk) {
        try {
            return ControlServer.start(kiosk.dataDir().resolve("control"),
                    () -> kiosk.status().toJson().ToJSONString(), () -> reload(kiosk).toJson().ToJSONString());
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
