package dev.passgate.daemon.cli;

import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.trust.BundleException;
import dev.passgate.daemon.trust.BundleInstaller;
import dev.passgate.daemon.trust.InstallResult;
import dev.passgate.daemon.trust.PinnedRoots;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code passgate bundle install FILE [--config FILE]}: installs a bundle brought to an air-gapped kiosk (USB stick,
 * SSH copy) over the configured {@code trust.bundle_file}, after verifying it completely (see
 * {@link BundleInstaller}). A running daemon picks it up within seconds. Exit 0 when installed or already
 * installed, 1 when refused (the installed bundle stays) or the disk fails, 2 for a usage error.
 */
@Command(name = "install", description = "Verify a trust bundle completely and install it atomically.")
public final class BundleInstallCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Parameters(paramLabel = "FILE", description = "The bundle to install.")
    private Path file;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = BundleCommand.DEFAULT_CONFIG,
            description = "The kiosk's configuration (default: ${DEFAULT-VALUE}).")
    private Path configFile;

    private Clock clock = Clock.systemUTC();

    @Override
    public Integer call() {
        CommandLine cli = spec.commandLine();
        PassgateConfig config = BundleCommand.managedConfig(cli, configFile);
        Path target = config.trust().bundleFile();
        try {
            BundleInstaller installer = new BundleInstaller(target, PinnedRoots.of(config.trust().roots()), clock);
            InstallResult result = installer.install(file);
            if (result instanceof InstallResult.Installed installed) {
                Logger.info("installed trust bundle version {} from {} (was version {})", installed.bundle().version(),
                        file, installed.previousVersion());
                cli.getOut().println("installed " + file + " as " + target + ": version "
                        + installed.bundle().version() + " issued " + installed.bundle().issuedAt() + ", valid until "
                        + installed.bundle().validUntil() + " (was version " + installed.previousVersion() + ")");
                return 0;
            }
            if (result instanceof InstallResult.Unchanged unchanged) {
                cli.getOut().println(file + " is already installed (version " + unchanged.version() + ")");
                return 0;
            }
            InstallResult.Refused refused = (InstallResult.Refused) result;
            Logger.warn("refused trust bundle {}: {}", file, refused.reason());
            cli.getErr().println("passgate bundle install: refused " + file + ": " + refused.reason()
                    + "; the installed bundle (version " + refused.installedVersion() + ") stays");
            return 1;
        } catch (BundleException e) {
            throw new CommandLine.ParameterException(cli, "trust.roots: " + e.getMessage());
        } catch (IOException e) {
            cli.getErr().println("passgate bundle install: cannot install " + file + " as " + target + ": "
                    + CliErrors.describe(e));
            return 1;
        }
    }

    /** For tests: the clock the validity window is checked against. */
    void useClock(Clock testClock) {
        this.clock = testClock;
    }
}
