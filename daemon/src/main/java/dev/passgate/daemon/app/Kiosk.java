package dev.passgate.daemon.app;

import com.pi4j.context.Context;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.CameraConfig;
import dev.passgate.config.GateConfig;
import dev.passgate.config.PassgateConfig;
import dev.passgate.config.SerialConfig;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Maintenance;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.clock.SyncSignal;
import dev.passgate.daemon.clock.TimeFloor;
import dev.passgate.daemon.clock.TrustedClock;
import dev.passgate.daemon.door.DoorMonitor;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.scan.Cameras;
import dev.passgate.daemon.site.SiteLink;
import dev.passgate.daemon.trust.BundleException;
import dev.passgate.daemon.trust.BundleInstaller;
import dev.passgate.daemon.trust.FetchStatus;
import dev.passgate.daemon.trust.RevocationSink;
import dev.passgate.daemon.trust.TrustService;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.upload.Uploader;
import dev.passgate.daemon.upload.Uploaders;
import dev.passgate.daemon.verify.pg1.SqliteReplayCache;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.ExecutorDelays;
import dev.passgate.hal.ScanSource;
import dev.passgate.hal.scan.Framing;
import dev.passgate.hal.scan.LineScanSource;
import dev.passgate.hal.serial.SerialScanSource;
import dev.passgate.hal.serial.SerialSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * The composition root: builds the whole daemon from a validated configuration and an {@link Environment},
 * starts the readers, the trust thread and the entry log's upkeep (retention, timed checkpoints, gap records;
 * once at start and then every {@link #MAINTENANCE_INTERVAL}), and takes everything down again in a safe order
 * (readers first, then the trust thread, outputs to their safe state, the entry log last). With roots pinned in
 * {@code [trust]}, the gate's trust comes from the installed bundle and is swapped whenever a new one is
 * installed or fetched. A corrupt entry log does not stop the start: the log sets it aside, starts a new one
 * and reports it in {@link EntryLog#status()}. Start-up failures are {@link KioskException}s naming what
 * could not be set up.
 */
public final class Kiosk implements AutoCloseable {
    public static final String ENTRY_LOG_FILE = "entries.db";
    public static final Duration MAINTENANCE_INTERVAL = Duration.ofMinutes(1);
    public static final String REPLAY_CACHE_FILE = "replay.db";
    public static final String TIME_FLOOR_FILE = "time-floor";
    /** The revocation store the trust bundle installer writes; consulted when it exists at start-up. */
    public static final String REVOCATION_FILE = "revocation.db";

    private final Gate gate;
    private final EntryLog log;
    private final Feedback feedback;
    private final ExecutorDelays delays;
    private final ExecutorDelays upkeep = new ExecutorDelays("passgate-entry-log");
    private final List<ScanSource> sources;
    private final List<LineScanSource> endingSources;
    private final List<AutoCloseable> contexts;
    private final Optional<TrustService> trust;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final LongSupplier monotonic;
    private final long startedNanos;
    private final PassgateConfig config;
    private final LiveConfig live;
    private final Vitals vitals;
    /** The background uploader, when {@code [upload]} is enabled; started with the kiosk, stopped before the log. */
    private final Optional<Uploader> uploader;
    private final HealthWatch health;
    private final DoorMonitor door;
    /** The site window's link, when {@code [site]} is enabled; closed with the contexts. */
    private final Optional<SiteLink> site;
    /** Whether the last upkeep found the clock trusted for the retention purge; logged when it changes. */
    private boolean purgeTrusted = true;

    private Kiosk(Gate gate, EntryLog log, Feedback feedback, ExecutorDelays delays, List<ScanSource> sources,
                  List<LineScanSource> endingSources, List<AutoCloseable> contexts, LongSupplier monotonic,
                  PassgateConfig config, Optional<TrustService> trust, LiveConfig live, Vitals vitals,
                  Optional<Uploader> uploader, HealthWatch health, DoorInputs inputs, DoorMonitor door,
                  Optional<SiteLink> site) {
        this.door = door;
        this.site = site;
        this.uploader = uploader;
        this.health = health;
        this.monotonic = monotonic;
        this.startedNanos = monotonic.getAsLong();
        this.config = config;
        this.live = live;
        this.vitals = vitals;
        this.trust = trust;
        this.gate = gate;
        this.log = log;
        this.feedback = feedback;
        this.delays = delays;
        this.sources = sources;
        this.endingSources = endingSources;
        this.contexts = contexts;
        StaffDesk staff = new StaffDesk(config.staff(), new StaffDesk.Parts(log, feedback, delays, monotonic,
                gate::clockReading));
        staff.attend(inputs.staffButton());
        gate.staffDesk(staff);
        contexts.add(staff);
    }

    public static Kiosk assemble(PassgateConfig config, Environment env) throws KioskException {
        return assemble(config, env, Optional.empty());
    }

    /**
     * Builds the kiosk; when {@code trust.roots} pins a root, trust comes from bundles and their revocation data
     * goes to {@code revocations} (empty while no revocation store is wired). The gate's rules come from
     * {@link GateAssembly} on the parts opened here; a configuration it refuses closes them again and is a
     * {@link KioskException} with every error, joined by {@code "; "}.
     */
    public static Kiosk assemble(PassgateConfig config, Environment env, Optional<RevocationSink> revocations)
            throws KioskException {
        return assemble(config, env, revocations, () -> Devices.gpioContext(config.feedback().gpio()));
    }

    /**
     * As {@link #assemble(PassgateConfig, Environment, Optional)}, with the GPIO context (used only when
     * {@code feedback.gpio.enabled}) made by {@code gpio}: a test hands Pi4J's mock plugin here.
     */
    static Kiosk assemble(PassgateConfig config, Environment env, Optional<RevocationSink> revocations,
                          Supplier<Context> gpio) throws KioskException {
        Path dataDir = config.device().dataDir().toAbsolutePath().normalize();
        EntryLog log;
        HolderPseudonyms pseudonyms;
        try {
            Files.createDirectories(dataDir);
            StartupFiles.check(config);
            StartupFiles.Opened opened = StartupFiles.open(config, env.clock(), dataDir.resolve(ENTRY_LOG_FILE));
            log = opened.log();
            StartupFiles.logRotation(log, opened.options().signingKey().orElseThrow(), env.clock(),
                    env.monotonic().getAsLong());
            pseudonyms = opened.pseudonyms();
        } catch (IOException | EntryLogException e) {
            throw new KioskException("cannot open the entry log in " + dataDir + ": " + e.getMessage(), e);
        }
        log.status().setAside().ifPresent(aside -> Logger.warn("entry log was corrupt ({}); kept as {}, a new log"
                + " started", aside.reason(), aside.movedTo()));
        ExecutorDelays delays = new ExecutorDelays("passgate-feedback");
        List<AutoCloseable> contexts = new ArrayList<>();
        Devices devices = Devices.open(config, env, delays, contexts, gpio);
        Feedback feedback = devices.feedback();
        HealthWatch health = new HealthWatch(feedback, devices.inputs());
        GateConfig gateConfig = config.gate();
        SqliteReplayCache replays = StartupFiles.replayCache(dataDir.resolve(REPLAY_CACHE_FILE));
        contexts.add(replays);
        if (replays.setAside()) {
            ReplayRebuild.fromLog(log, replays, ReplayRebuild.WINDOW, env.clock().instant());
        }
        RevocationFiles.Wiring revocationFiles = RevocationFiles.wire(config.trust().managed(),
                dataDir.resolve(REVOCATION_FILE), revocations, contexts);
        Optional<TrustService> service = trustService(config, env, revocationFiles.sink(), health);
        GateAssembly.Parts parts = new GateAssembly.Parts(GateAssembly.limits(config), revocationFiles.lookups(),
                replays, pseudonyms, env.extraTrust(), service);
        GateAssembly.Assembled assembled = GateAssembly.assemble(config, parts, Optional.empty());
        if (!assembled.ok()) {
            service.ifPresent(TrustService::close);
            feedback.close();
            delays.close();
            closeAll(contexts, log);
            throw new KioskException(String.join("; ", assembled.errors()));
        }
        GateRules rules = assembled.rules().orElseThrow();
        Supplier<TrustSnapshot> snapshots = rules.trust();
        TrustedClock trustedClock = new TrustedClock(env.clock(), env.monotonic(),
                timeFloor(dataDir, log, snapshots, env.clock()),
                SyncSignal.kernelAndFlag(gateConfig.syncFlag()), gateConfig.maxClockJump(),
                () -> snapshots.get().bundle().map(b -> b.issuedAt().minus(BundleInstaller.CLOCK_SKEW)));
        Gate gate = new Gate(rules, log, feedback, env.clock(), env.monotonic(), env.listener(), trustedClock);
        List<ScanSource> sources = new ArrayList<>();
        List<LineScanSource> ending = new ArrayList<>();
        if (config.scan().stdin().enabled()) {
            LineScanSource stdin = new LineScanSource("stdin", env.stdin(), config.scan().maxLength(),
                    env.monotonic());
            sources.add(stdin);
            ending.add(stdin);
        }
        SerialConfig serial = config.scan().serial();
        if (serial.enabled()) {
            SerialScanSource reader = new SerialScanSource(new SerialSettings(serial.port(), serial.baud(),
                    Framing.valueOf(serial.framing().name()), serial.idleTimeout(),
                    serial.reopenInterval(), config.scan().maxLength()), env.monotonic(),
                    Devices.readerCommands(serial));
            sources.add(reader);
            feedback.addReader(reader);
        }
        Devices.wedge(config, delays, env.monotonic()).ifPresent(sources::add);
        CameraConfig camera = config.scan().camera();
        if (camera.enabled()) {
            sources.add(Cameras.source(camera, config.scan().maxLength(), env.monotonic()));
        }
        InputPresence.warnMissing(config);
        LiveConfig live = new LiveConfig(config, new LiveConfig.Parts(parts, feedback, gate), env.clock());
        Optional<Uploader> uploader = uploader(config, log, env);
        Vitals vitals = new Vitals(gate, log, trustedClock, env.clock(),
                () -> uploader.map(Uploader::failedAttempts).orElse(0L), live, service);
        StartupFiles.ownerOnly(dataDir);
        return new Kiosk(gate, log, feedback, delays, sources, ending, contexts, env.monotonic(), config, service,
                live, vitals, uploader, health, devices.inputs(), door(config, devices, log, env, delays),
                SiteWiring.open(config, env, gate, contexts));
    }

    /** The door monitor on the switches wired to the kiosk; with none, it records nothing. */
    private static DoorMonitor door(PassgateConfig config, Devices devices, EntryLog log, Environment env,
                                    ExecutorDelays delays) {
        return DoorMonitor.start(config.door(), devices.inputs(), devices.feedback(), log, env.clock(),
                env.monotonic(), delays);
    }

    private static Optional<Uploader> uploader(PassgateConfig config, EntryLog log, Environment env)
            throws KioskException {
        if (!config.upload().enabled()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Uploaders.create(config.upload(), log, config.entryLog().signingKeyFile(), env.clock(),
                    env.monotonic()));
        } catch (IOException e) {
            throw new KioskException("upload: " + e.getMessage(), e);
        }
    }

    /**
     * The bundle-managed trust when roots are pinned, its installed bundle loaded on the trust files. Roots that do
     * not parse give none, and a trust file that does not read is left out: {@link GateAssembly} reports both.
     */
    private static Optional<TrustService> trustService(PassgateConfig config, Environment env,
                                                       Optional<RevocationSink> revocations, HealthWatch health) {
        if (!config.trust().managed()) {
            return Optional.empty();
        }
        try {
            TrustService service = TrustService.create(config.trust(), GateAssembly.baseTrust(config,
                    env.extraTrust()), env.clock(), revocations, health::trust);
            service.manager().refresh();
            return Optional.of(service);
        } catch (BundleException e) {
            return Optional.empty();
        }
    }

    /** The time floor, bounded by signed times or, without any, by the clock at start ({@link TimeFloor#load}). */
    private static TimeFloor timeFloor(Path dataDir, EntryLog log, Supplier<TrustSnapshot> snapshots, Clock now) {
        return TimeFloor.load(dataDir.resolve(TIME_FLOOR_FILE), lastTrustedEntry(log),
                snapshots.get().bundle().map(b -> b.issuedAt()).stream().toList(), now.instant());
    }

    /** The wall time of the last entry-log record, when it was written with a trusted clock. */
    private static List<Instant> lastTrustedEntry(EntryLog log) {
        try {
            long last = log.lastSequence();
            if (last < 1) {
                return List.of();
            }
            return log.readFrom(last - 1, 1).stream().map(StoredEntry::record)
                    .filter(EntryRecord::clockTrusted).map(EntryRecord::wallTime).toList();
        } catch (EntryLogException e) {
            Logger.warn("cannot read the last entry-log record for the time floor: {}", e.getMessage());
            return List.of();
        }
    }

    public Gate gate() {
        return gate;
    }

    public EntryLog entryLog() {
        return log;
    }

    /** The uploader, when {@code [upload]} is enabled. */
    public Optional<Uploader> uploader() {
        return uploader;
    }

    /**
     * The liveness probes of the critical loops, for the systemd watchdog: the scan path (one scan taking longer
     * than {@code maxBusy}), the feedback timer thread and the entry log.
     */
    public Map<String, Probe> probes(Duration maxBusy) {
        Map<String, Probe> probes = new LinkedHashMap<>();
        probes.put("scan", Probes.scan(gate, maxBusy));
        probes.put("feedback", Probes.timer(delays, monotonic, maxBusy));
        probes.put("entry-log", Probes.entryLog(log));
        uploader.ifPresent(u -> probes.put("upload", () -> u.stuck(config.upload().timeout().multipliedBy(3))));
        return probes;
    }

    /** A snapshot for {@code passgate status}; it never blocks on the entry log for long and holds no personal data. */
    public StatusReport status() {
        List<String> problems = new ArrayList<>();
        long last = 0;
        try {
            last = log.lastSequence();
        } catch (EntryLogException e) {
            problems.add("entry log unreadable: " + e.getMessage());
        }
        if (gate.unloggedCount() > 0) {
            problems.add(gate.unloggedCount() + " decision(s) could not be written to the entry log");
        }
        problems.addAll(log.status().problems());
        vitals.fetchStatus().flatMap(FetchStatus::problem).ifPresent(problems::add);
        Map<String, String> readers = new LinkedHashMap<>();
        sources.forEach(source -> readers.put(source.name(), source.health()));
        GateStats stats = gate.stats();
        StatusReport.ClockState clock = vitals.clock();
        problems.addAll(Health.problems(readers, vitals.trustEntries(), vitals.trustData(), clock, log.file(),
                feedback.speakerHealth()));
        problems.addAll(health.inputProblems());
        return new StatusReport(problems.isEmpty() ? "running" : "degraded", Build.version(),
                Duration.ofNanos(monotonic.getAsLong() - startedNanos), String.valueOf(config.source()),
                config.device().id(), clock.trusted(), vitals.trustEntries(), log.file().toString(), last,
                gate.unloggedCount(), readers, stats.verdictCounts(), stats.decisions(), stats.latencyPercentile(0.50),
                stats.latencyPercentile(0.99), problems, clock, vitals.trustData(),
                vitals.pendingUpload().orElse(-1L), live.lastReload(), uploader.map(Uploader::status),
                door.wired() ? Optional.of(door.state()) : Optional.empty(), site.map(SiteLink::status));
    }

    /**
     * Reads the configuration file the kiosk started from again and applies what can be applied without a restart,
     * or keeps the running configuration when the file is not valid; see {@link LiveConfig}.
     */
    public ReloadReport reload() {
        return live.reload(ConfigLoader.load(config.source()));
    }

    /** The running configuration and the last reload. */
    public LiveConfig live() {
        return live;
    }

    /** Clock trust, trust-data staleness, upload queue and the metrics text. */
    public Vitals vitals() {
        return vitals;
    }

    /** The folder of the entry log and the control socket. */
    public Path dataDir() {
        return log.file().getParent();
    }

    /** One line for {@code STATUS=}: readers, and the entry log's last sequence number. */
    public String statusLine() {
        String last;
        try {
            last = Long.toString(log.lastSequence());
        } catch (EntryLogException e) {
            last = "unreadable";
        }
        return "verifying offline; " + sources.size() + " reader(s); entry log at #" + last;
    }

    /** The bundle-managed trust, when roots are pinned. */
    public Optional<TrustService> trust() {
        return trust;
    }

    /**
     * Starts the trust thread, the entry log's upkeep and every reader. When standard input is the only reader,
     * its end stops the kiosk.
     */
    public void start() {
        trust.ifPresent(TrustService::start);
        upkeep.schedule(Duration.ZERO, this::maintainEntryLog);
        gate.restoreAdmissions();
        sources.forEach(source -> source.start(gate));
        uploader.ifPresent(Uploader::start);
        if (!endingSources.isEmpty() && endingSources.size() == sources.size()) {
            Thread watcher = new Thread(this::stopWhenInputEnds, "passgate-input-end");
            watcher.setDaemon(true);
            watcher.start();
        }
        Logger.info("kiosk started with {} reader(s)", sources.size());
        health.start(upkeep, () -> status().problems());
    }

    private void maintainEntryLog() {
        try {
            TrustedClock.Reading clock = vitals.clockForPurge();
            if (clock.trusted() != purgeTrusted) {
                purgeTrusted = clock.trusted();
                Logger.info(purgeTrusted ? "entry log upkeep: clock trusted for purging by retention"
                        : "entry log upkeep: clock not trusted for purging ({}); only uploaded records are purged",
                        clock.reason());
            }
            Maintenance done = log.maintain(clock.trusted());
            if (done.purged() > 0 || done.gapsRecorded() > 0) {
                Logger.info("entry log upkeep: {} purged ({} never uploaded), {} unlogged decision(s) recorded",
                        done.purged(), done.purgedNotUploaded(), done.gapsRecorded());
            }
        } catch (EntryLogException e) {
            Logger.error("entry log upkeep failed: {}", e.getMessage());
        } catch (IllegalStateException e) {
            return;
        }
        upkeep.schedule(MAINTENANCE_INTERVAL, this::maintainEntryLog);
    }

    private void stopWhenInputEnds() {
        try {
            for (LineScanSource source : endingSources) {
                while (!source.awaitEnd(Duration.ofDays(1))) {
                    Logger.debug("still reading {}", source.name());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        stopped.countDown();
    }

    /** Blocks until the readers have ended or {@link #close} was called. */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public void close() {
        health.close();
        sources.forEach(ScanSource::close);
        trust.ifPresent(TrustService::close);
        uploader.ifPresent(Uploader::close);
        upkeep.close();
        door.close();
        feedback.close();
        delays.close();
        closeAll(contexts, log);
        stopped.countDown();
    }

    /** Closes GPIO, the replay cache and the revocation store, then the entry log. */
    private static void closeAll(List<AutoCloseable> contexts, EntryLog log) {
        for (AutoCloseable context : contexts) {
            try {
                context.close();
            } catch (Exception e) {
                Logger.warn("shutting down GPIO or the revocation store failed: {}", e.getMessage());
            }
        }
        try {
            log.close();
        } catch (EntryLogException e) {
            Logger.error("closing the entry log failed: {}", e.getMessage());
        }
    }
}
