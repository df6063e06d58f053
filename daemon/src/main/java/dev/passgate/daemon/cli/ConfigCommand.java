package dev.passgate.daemon.cli;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.app.GateAssembly;
import dev.passgate.daemon.app.InputWatch;
import dev.passgate.daemon.app.SiteWiring;
import dev.passgate.daemon.revocation.Revocations;
import dev.passgate.daemon.verify.TrustStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code passgate config check FILE}: exit 0 when the file is valid (and one line per switch of {@code [inputs]},
 * as wired), else exit 1 and every error on stderr. Beyond
 * the file itself it checks what {@code run} would refuse (trust files, pinned roots, the installed bundle, the
 * policy name) through {@link GateAssembly}, so the two never disagree, and that every site peer key file reads
 * ({@link SiteWiring#check}).
 */
@Command(name = "config", description = "Work with configuration files.", subcommands = ConfigCommand.Check.class)
public final class ConfigCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: check");
    }

    /** Validates one file and reports all errors at once as {@code FILE:LINE: key: found X, expected Y}. */
    @Command(name = "check", description = "Validate a configuration file; print every error.")
    public static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE", description = "The TOML configuration file.")
        private Path file;

        @Override
        public Integer call() {
            ConfigResult result = ConfigLoader.load(file);
            if (result instanceof ConfigResult.Invalid invalid) {
                invalid.errors().forEach(error -> spec.commandLine().getErr().println(error));
                spec.commandLine().getErr().println(file + ": " + invalid.errors().size() + " error(s)");
                return 1;
            }
            PassgateConfig config = ((ConfigResult.Loaded) result).config();
            GateAssembly.Assembled assembled = GateAssembly.assemble(config,
                    GateAssembly.Parts.forCheck(config, TrustStore.empty(), Revocations.NONE), Optional.empty());
            List<String> errors = new ArrayList<>(assembled.errors());
            errors.addAll(SiteWiring.check(config));
            if (!errors.isEmpty()) {
                errors.forEach(error -> spec.commandLine().getErr().println(error));
                spec.commandLine().getErr().println(file + ": " + errors.size() + " error(s)");
                return 1;
            }
            spec.commandLine().getOut().println(file + ": ok");
            config.inputs().byName().forEach((name, pin) -> spec.commandLine().getOut().println("input "
                    + InputWatch.wiring(name, pin)));
            return 0;
        }
    }
}
