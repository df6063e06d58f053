package dev.passgate.daemon.cli;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate bundle}: trust bundles for operators and technicians. {@code keygen} makes a root key pair,
 * {@code make} builds and signs a bundle, {@code install} installs one at an air-gapped site, {@code override}
 * lets an expired kiosk keep verifying for a bounded time, {@code status} shows what is installed. Exit 0 on
 * success, 1 when a bundle is refused or trust data does not admit passes, 2 for a usage error. {@code keygen} and
 * {@code make} are off-kiosk tools that {@link Main} adds when their classes are present.
 */
@Command(name = "bundle", description = "Make, install and inspect signed trust bundles.",
        subcommands = {BundleInstallCommand.class, BundleOverrideCommand.class, BundleStatusCommand.class})
public final class BundleCommand implements Runnable {
    /** Where the Debian package installs the configuration. */
    static final String DEFAULT_CONFIG = "/etc/passgate/passgate.toml";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "a subcommand is required: keygen, make, install, override, status");
    }

    /** Loads a configuration that pins at least one root, or throws a usage error naming what is wrong. */
    static PassgateConfig managedConfig(CommandLine cli, Path file) {
        ConfigResult result = ConfigLoader.load(file);
        if (result instanceof ConfigResult.Invalid invalid) {
            invalid.errors().forEach(error -> cli.getErr().println(error));
            throw new CommandLine.ParameterException(cli, "--config: " + file + " is not a valid configuration");
        }
        PassgateConfig config = ((ConfigResult.Loaded) result).config();
        if (!config.trust().managed()) {
            throw new CommandLine.ParameterException(cli, "--config: " + file + " pins no root in trust.roots, "
                    + "so no bundle can be checked");
        }
        return config;
    }
}
