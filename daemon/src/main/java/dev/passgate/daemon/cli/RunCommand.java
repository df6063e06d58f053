package dev.passgate.daemon.cli;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.app.Environment;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.app.KioskException;
import dev.passgate.daemon.service.ReloadSignal;
import dev.passgate.daemon.service.ServiceNotifier;
import dev.passgate.daemon.service.ServiceRunner;
import dev.passgate.daemon.trust.BundleInstaller;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import org.tinylog.Logger;

/**
 * {@code passgate run --config FILE}: the daemon. Runs until SIGTERM/SIGINT, or until standard input ends when it
 * is the only reader. SIGHUP re-reads the file; see {@link dev.passgate.daemon.app.LiveConfig}. Exit 1 when the
 * configuration is invalid or the kiosk cannot start.
 */
@Command(name = "run", description = "Run the kiosk daemon with a configuration file.")
public final class RunCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The TOML configuration.")
    private Path configFile;

    @Override
    public Integer call() throws InterruptedException {
        ConfigResult result = ConfigLoader.load(configFile);
        if (result instanceof ConfigResult.Invalid invalid) {
            invalid.errors().forEach(error -> spec.commandLine().getErr().println(error));
            return 1;
        }
        PassgateConfig config = ((ConfigResult.Loaded) result).config();
        Logging.setLevel(config.log().level());
        return runKiosk(config, Environment.system());
    }

    /**
     * Runs a kiosk as a service until it stops. Temporary bundle files left by a crash are removed first, before
     * the entry log opens, so that a half download can never keep the data folder full.
     */
    static int runKiosk(PassgateConfig config, Environment env) throws InterruptedException {
        BundleInstaller.removeStaleTemps(config.trust().bundleFile());
        Kiosk kiosk;
        try {
            kiosk = Kiosk.assemble(config, env);
        } catch (KioskException e) {
            Logger.error("cannot start: {}", e.getMessage());
            System.err.println("passgate: cannot start: " + e.getMessage());
            return e.needsTechnician() ? KioskException.EXIT_NEEDS_TECHNICIAN : 1;
        }
        Thread hook = new Thread(() -> {
            Logger.info("stopping on a termination signal (SIGTERM/SIGINT)");
            kiosk.close();
            Logger.info("stopped: readers, outputs and the entry log are closed");
        }, "passgate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        new ServiceRunner(ServiceNotifier.fromEnvironment(System.getenv()), System.getenv(),
                ProcessHandle.current().pid(), ReloadSignal.sighup(), System::nanoTime).run(kiosk);
        kiosk.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
            Logger.info("stopped: readers, outputs and the entry log are closed");
        } catch (IllegalStateException e) {
            Logger.debug("shutdown already under way");
        }
        return 0;
    }
}
