package dev.passgate.daemon.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Bad input to {@code passgate collector} and its subcommands is one line on stderr, {@code passgate collector
 * export: <what was wrong> (see --help)}, and exit status 2, without the usage text that picocli prints for other
 * commands; other commands keep picocli's answer. Operators run these commands from scripts and cron jobs, where a
 * screenful of usage hides the one line that matters.
 */
final class CollectorErrors implements CommandLine.IParameterExceptionHandler {
    private final CommandLine.IParameterExceptionHandler others;

    CollectorErrors(CommandLine.IParameterExceptionHandler others) {
        this.others = others;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) throws Exception {
        CommandLine failed = ex.getCommandLine();
        String name = failed.getCommandSpec().qualifiedName(" ");
        if (!name.equals("passgate collector") && !name.startsWith("passgate collector ")) {
            return others.handleParseException(ex, args);
        }
        PrintWriter err = failed.getErr();
        String message = String.valueOf(ex.getMessage()).replaceAll("[\\r\\n]+", " ").trim();
        err.println(name + ": " + message + " (see --help)");
        err.flush();
        return CollectorAuthorityCommands.BAD_INPUT;
    }
}
