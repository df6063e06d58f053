package dev.passgate.daemon.app;

import dev.passgate.config.GpioConfig;
import dev.passgate.config.PassgateConfig;
import dev.passgate.config.SerialConfig;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.revocation.RevocationStore;
import dev.passgate.daemon.revocation.RevocationStoreException;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustSources;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.ExecutorDelays;
import dev.passgate.hal.ScanSource;
import dev.passgate.hal.StatusLight;
import dev.passgate.hal.console.ConsoleBuzzer;
import dev.passgate.hal.console.ConsoleDoorRelay;
import dev.passgate.hal.console.ConsoleStatusLight;
import dev.passgate.hal.pi4j.Pi4jBuzzer;
import dev.passgate.hal.pi4j.Pi4jContexts;
import dev.passgate.hal.pi4j.Pi4jDoorRelay;
import dev.passgate.hal.pi4j.Pi4jStatusLight;
import dev.passgate.hal.pi4j.PinSpec;
import dev.passgate.hal.scan.Framing;
import dev.passgate.hal.scan.LineScanSource;
import dev.passgate.hal.serial.SerialScanSource;
import dev.passgate.hal.serial.SerialSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.tinylog.Logger;

/**
 * The composition root: builds the whole daemon from a validated configuration and an {@link Environment},
 * starts the readers, and takes everything down again in a safe order (readers first, outputs to their safe
 * state, the entry log last). Start-up failures are {@link KioskException}s naming what could not be set up.
 */
public final class Kiosk implements AutoCloseable {
    public static final String ENTRY_LOG_FILE = "entries.db";
    /** The revocation store the trust bundle installer writes; consulted when it exists at start-up. */
    public static final String REVOCATION_FILE = "revocation.db";

    private final Gate gate;
    private final EntryLog log;
    private final Feedback feedback;
    private final ExecutorDelays delays;
    private final List<ScanSource> sources;
    private final List<LineScanSource> endingSources;
    private final List<AutoCloseable> contexts;
    private final CountDownLatch stopped = new CountDownLatch(1);

    private Kiosk(Gate gate, EntryLog log, Feedback feedback, ExecutorDelays delays, List<ScanSource> sources,
                  List<LineScanSource> endingSources, List<AutoCloseable> contexts) {
        this.gate = gate;
        this.log = log;
        this.feedback = feedback;
        this.delays = delays;
        this.sources = sources;
        this.endingSources = endingSources;
        this.contexts = contexts;
    }

    public static Kiosk assemble(PassgateConfig config, Environment env) throws KioskException {
        Policy policy = Policies.named(config.verify().policy()).orElseThrow(() -> new KioskException(
                "verify.policy: found '" + config.verify().policy() + "', expected one of " + Policies.names()));
        TrustStore trust = loadTrust(config, env.extraTrust());
        Path dataDir = config.device().dataDir().toAbsolutePath().normalize();
        EntryLog log;
        HolderPseudonyms pseudonyms;
        try {
            Files.createDirectories(dataDir);
            log = EntryLog.open(dataDir.resolve(ENTRY_LOG_FILE), config.device().id());
            pseudonyms = HolderPseudonyms.fromSecretFile(config.device().siteSecretFile());
        } catch (IOException | EntryLogException e) {
            throw new KioskException("cannot open the entry log in " + dataDir + ": " + e.getMessage(), e);
        }
        ExecutorDelays delays = new ExecutorDelays("passgate-feedback");
        List<AutoCloseable> contexts = new ArrayList<>();
        Feedback feedback = feedback(config, env, delays, contexts);
        Limits limits = new Limits(config.scan().maxLength(), Limits.DEFAULT_MAX_INFLATED_BYTES,
                Limits.DEFAULT_MAX_CBOR_DEPTH, Limits.DEFAULT_MAX_CBOR_ITEMS);
        Revocations revocations = openRevocations(dataDir.resolve(REVOCATION_FILE), contexts);
        Gate gate = new Gate(new PassVerifier(limits, revocations), trust, policy, log, pseudonyms, feedback,
                env.clock(), env.monotonic(), env.listener());
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
            sources.add(new SerialScanSource(new SerialSettings(serial.port(), serial.baud(),
                    Framing.valueOf(serial.framing().name()), serial.idleTimeout(),
                    serial.reopenInterval(), config.scan().maxLength()), env.monotonic()));
        }
        return new Kiosk(gate, log, feedback, delays, sources, ending, contexts);
    }

    /**
     * The revocation store in the data folder when there is one, else none. A store that cannot be opened is
     * logged as an error and left out (fail open), like a lookup that fails on the scan path.
     */
    private static Revocations openRevocations(Path file, List<AutoCloseable> closeables) {
        if (!Files.exists(file)) {
            Logger.info("no revocation store at {}; passes are not checked for revocation", file);
            return Revocations.NONE;
        }
        try {
            RevocationStore store = RevocationStore.open(file);
            closeables.add(store);
            return store;
        } catch (RevocationStoreException e) {
            Logger.error("revocation store unusable, running without revocation checks: {}", e.getMessage());
            return Revocations.NONE;
        }
    }

    private static TrustStore loadTrust(PassgateConfig config, TrustStore extra) throws KioskException {
        TrustStore.Builder builder = TrustStore.builder().addAll(extra);
        for (Path file : config.verify().trust()) {
            try {
                TrustSources.addFile(builder, file);
            } catch (TrustException e) {
                throw new KioskException("verify.trust: " + e.getMessage(), e);
            }
        }
        return builder.build();
    }

    private static Feedback feedback(PassgateConfig config, Environment env, ExecutorDelays delays,
                                     List<AutoCloseable> contexts) {
        List<StatusLight> lights = new ArrayList<>();
        List<Buzzer> buzzers = new ArrayList<>();
        List<DoorRelay> relays = new ArrayList<>();
        GpioConfig gpio = config.feedback().gpio();
        if (config.feedback().console()) {
            lights.add(new ConsoleStatusLight(env.console(), false));
            buzzers.add(new ConsoleBuzzer(env.console()));
            relays.add(new ConsoleDoorRelay(env.console(), gpio.relay().maxOn(), delays));
        }
        if (gpio.enabled()) {
            var pi4j = Pi4jContexts.gpiod();
            contexts.add(pi4j::shutdown);
            lights.add(new Pi4jStatusLight(pi4j, new PinSpec(gpio.light().greenPin(), gpio.light().activeLow()),
                    new PinSpec(gpio.light().redPin(), gpio.light().activeLow())));
            buzzers.add(new Pi4jBuzzer(pi4j, new PinSpec(gpio.buzzer().pin(), gpio.buzzer().activeLow()), delays));
            relays.add(new Pi4jDoorRelay(pi4j, new PinSpec(gpio.relay().pin(), gpio.relay().activeLow()),
                    gpio.relay().maxOn(), delays));
        }
        return new Feedback(FeedbackTable.of(config.feedback().verdicts()), lights, buzzers, relays, delays,
                config.feedback().hold());
    }

    public Gate gate() {
        return gate;
    }

    public EntryLog entryLog() {
        return log;
    }

    /** Starts every reader. When standard input is the only reader, its end stops the kiosk. */
    public void start() {
        sources.forEach(source -> source.start(gate));
        if (!endingSources.isEmpty() && endingSources.size() == sources.size()) {
            Thread watcher = new Thread(this::stopWhenInputEnds, "passgate-input-end");
            watcher.setDaemon(true);
            watcher.start();
        }
        Logger.info("kiosk started with {} reader(s)", sources.size());
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
        sources.forEach(ScanSource::close);
        feedback.close();
        delays.close();
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
        stopped.countDown();
    }
}
