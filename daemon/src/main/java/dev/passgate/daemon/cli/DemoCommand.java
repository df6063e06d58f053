package dev.passgate.daemon.cli;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.app.Decision;
import dev.passgate.daemon.app.Environment;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.app.KioskException;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.demo.PhoneSimulator;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.ScannedCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate demo}: the daemon on an embedded default configuration, for a newcomer with no hardware, no
 * network and no configuration file. It mints a demo issuer and four sample passes, scans them, then takes codes
 * from standard input until it ends; feedback is drawn in the terminal and every scan lands in the entry log.
 * With {@code --phone} it also simulates a phone showing a PG1 dynamic pass, printing a fresh one every 5 s.
 */
@Command(name = "demo", description = "Run the kiosk on an embedded default: stdin in, feedback in the terminal.")
public final class DemoCommand implements Callable<Integer> {
    private static final int PHONE_REFRESH_SECONDS = 5;
    private static final String DEMO_CONFIG = "/dev/passgate/daemon/demo/demo.toml";

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "passgate-demo-data",
            description = "Where the demo keeps its entry log (default: ${DEFAULT-VALUE}).")
    private Path dataDir;

    @Option(names = "--phone", description = "Also simulate a phone that prints a fresh PG1 dynamic pass every "
            + "5 seconds; paste one within 30 s and it is admitted once.")
    private boolean phone;

    @Override
    public Integer call() throws IOException, InterruptedException {
        Logging.setLevel("warn");
        PrintStream out = System.out;
        PassgateConfig config = demoConfig(dataDir.toAbsolutePath().normalize());
        Environment system = Environment.system();
        DemoPasses passes = DemoPasses.mint(system.clock().instant());
        PhoneSimulator simulator = PhoneSimulator.mint(system.clock().instant());
        TrustStore trust = TrustStore.builder().addAll(passes.trust()).addAll(simulator.trust()).build();
        Environment env = system.withExtraTrust(trust).withListener(decision -> show(out, decision));
        Kiosk kiosk;
        try {
            kiosk = Kiosk.assemble(config, env);
        } catch (KioskException e) {
            System.err.println("passgate demo: cannot start: " + e.getMessage());
            return 1;
        }
        Path entryLog = config.device().dataDir().normalize().resolve(Kiosk.ENTRY_LOG_FILE);
        try (kiosk) {
            out.println("passgate demo: a kiosk with no hardware. Entry log: "
                    + entryLog);
            out.println();
            out.println("Four passes minted just now by a demo issuer that this kiosk trusts (holders are fictional):");
            passes.samples().forEach(sample -> out.printf("%n  %s (expect %s):%n  %s%n", sample.label(),
                    sample.expectedVerdict(), sample.text()));
            out.println();
            out.println("Scanning each of them:");
            for (DemoPasses.Sample sample : passes.samples()) {
                out.printf("%n> %s%n", sample.label());
                kiosk.gate().handle(new ScannedCode("sample", sample.text(), false, env.monotonic().getAsLong()));
            }
            out.println();
            out.println("Now paste a pass (one of the above, or your own) and press Enter. Ctrl-D ends the demo.");
            ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
            if (phone) {
                refresher.scheduleAtFixedRate(() -> out.printf("%n[phone] %s%n", simulator.present(
                        system.clock().instant())), 0, PHONE_REFRESH_SECONDS, TimeUnit.SECONDS);
            }
            kiosk.start();
            kiosk.awaitStop();
            refresher.shutdownNow();
            out.println();
            out.println("The entry log holds " + kiosk.entryLog().count() + " record(s): "
                    + entryLog);
        } catch (EntryLogException e) {
            System.err.println("passgate demo: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static void show(PrintStream out, Decision decision) {
        out.printf("  => %s (%s): %s%s%n", decision.outcome().verdict(), decision.outcome().format(),
                decision.outcome().reason(), decision.logged() ? "  [entry #" + decision.sequence() + "]"
                        : "  [NOT LOGGED]");
    }

    private static PassgateConfig demoConfig(Path dataDir) throws IOException {
        String toml;
        try (InputStream in = DemoCommand.class.getResourceAsStream(DEMO_CONFIG)) {
            if (in == null) {
                throw new IOException("the embedded demo configuration is missing from the jar");
            }
            toml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ConfigResult result = ConfigLoader.parse(toml, dataDir.resolve("demo.toml"));
        if (result instanceof ConfigResult.Invalid invalid) {
            throw new IllegalStateException("embedded demo configuration is invalid: " + invalid.errors());
        }
        return ((ConfigResult.Loaded) result).config();
    }
}
