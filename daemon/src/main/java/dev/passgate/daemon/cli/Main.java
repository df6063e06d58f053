package dev.passgate.daemon.cli;

import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code passgate} command line. Exit status: 0 success, 1 a negative result (an invalid pass, an invalid
 * configuration, an undecodable image) or a file that cannot be read or written, 2 a usage error.
 *
 * <p>Every command and subcommand answers {@code -h}/{@code --help} and {@code -V}/{@code --version}, and
 * {@code passgate help [COMMAND...]} prints the help of any command ({@link CliSetup}). An error is one line on
 * standard error naming the command and what went wrong, never a stack trace ({@link CliErrors}). The off-kiosk
 * tools (collector, issuer, wallet, bundle keygen and make) are added when their classes are present: the kiosk
 * jar leaves them out and answers them with a pointer to the tools jar.
 */
@Command(name = "passgate", mixinStandardHelpOptions = true, versionProvider = VersionCommand.Provider.class,
        description = "Offline QR pass verifier for entrance kiosks.",
        subcommands = {VersionCommand.class, DemoCommand.class, RunCommand.class, ConfigCommand.class,
                DecodeCommand.class, VerifyCommand.class, StatusCommand.class, ReloadCommand.class, DiagCommand.class,
                BundleCommand.class, LogCommand.class, TestIoCommand.class, ClockCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, for tests that run commands in-process. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new Main());
        CliSetup.addTool(cli, "issuer", "dev.passgate.daemon.cli.IssuerCommand");
        CliSetup.addTool(cli, "wallet", "dev.passgate.daemon.cli.WalletCommand");
        CliSetup.addTool(cli, "collector", "dev.passgate.daemon.cli.CollectorCommand");
        CommandLine bundle = cli.getSubcommands().get("bundle");
        CliSetup.addTool(bundle, "keygen", "dev.passgate.daemon.cli.BundleKeygenCommand");
        CliSetup.addTool(bundle, "make", "dev.passgate.daemon.cli.BundleMakeCommand");
        cli.addSubcommand("venue-qr", VenueQrCommand.class);
        cli.addSubcommand("help", new HelpCommand());
        // Prints the bash/zsh completion script; the package installs it (build-deb.sh), so it is hidden.
        cli.addSubcommand("generate-completion", new AutoComplete.GenerateCompletion());
        cli.getSubcommands().get("generate-completion").getCommandSpec().usageMessage().hidden(true);
        CliSetup.standardOptions(cli);
        CliErrors errors = new CliErrors();
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        return cli;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required");
    }
}
