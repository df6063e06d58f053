package dev.passgate.daemon.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code passgate help [COMMAND [SUBCOMMAND...]]}: the help of any command, however deep (picocli's own help
 * command only looks one level down); {@code --all} prints the help of the whole tree. Exit 0, or 2 when a named
 * command does not exist.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. 'help bundle make'.")
final class HelpCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommands.")
    private List<String> names = List.of();

    @Option(names = "--all", description = "The help of every command and subcommand, one after the other "
            + "(the package installs it as /usr/share/doc/passgate/commands.txt).")
    private boolean all;

    @Override
    public Integer call() {
        CommandLine command = spec.parent().commandLine();
        for (String name : names) {
            CommandLine sub = command.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no command '"
                        + command.getCommandSpec().qualifiedName(" ") + " " + name + "'");
            }
            command = sub;
        }
        if (all) {
            printAll(command, spec.commandLine().getOut());
        } else {
            command.usage(spec.commandLine().getOut());
        }
        return 0;
    }

    private static void printAll(CommandLine command, PrintWriter out) {
        if (command.getCommandSpec().usageMessage().hidden()) {
            return;
        }
        out.println("==> " + command.getCommandSpec().qualifiedName(" "));
        command.usage(out);
        out.println();
        for (CommandLine sub : command.getSubcommands().values()) {
            if (sub.getParent() == command && !sub.getCommandName().equals("help")) {
                printAll(sub, out);
            }
        }
    }
}
