package dev.passgate.daemon.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code passgate} command line. Exit status: 0 success, 1 a negative result (an invalid pass, an invalid
 * configuration, an undecodable image), 2 a usage error.
 */
@Command(name = "passgate", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Offline QR pass verifier for entrance kiosks.",
        subcommands = {VersionCommand.class, DemoCommand.class, RunCommand.class, ConfigCommand.class,
                DecodeCommand.class, VerifyCommand.class, StatusCommand.class, ReloadCommand.class, DiagCommand.class,
                BundleCommand.class, LogCommand.class, IssuerCommand.class, WalletCommand.class,
                TestIoCommand.class, CollectorCommand.class, ClockCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
