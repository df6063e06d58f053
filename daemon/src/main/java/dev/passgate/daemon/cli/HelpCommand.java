package dev.passgate.daemon.cli;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code passgate help [COMMAND [SUBCOMMAND...]]}: the help of any command, however deep (picocli's own help
 * command only looks one level down). Exit 0, or 2 when a named command does not exist.
 */
@Command(name = "help", helpCommand = true, description = "Show the help of a command, e.g. 'help bundle make'.")
final class HelpCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "The command, and its subcommands.")
    private List<String> names = List.of();

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
        command.usage(spec.commandLine().getOut());
        return 0;
    }
}
