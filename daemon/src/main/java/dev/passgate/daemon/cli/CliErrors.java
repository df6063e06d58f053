package dev.passgate.daemon.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import picocli.CommandLine;

/**
 * The one error path of the command line. A usage error (bad option, bad value, missing argument) is one line
 * naming the command and the problem, exit 2; an exception a command did not turn into an answer itself (a file
 * that is missing, already there or unreadable; a fault) is one line naming the command, the file and the problem,
 * exit 1. No stack trace reaches the user; {@code PASSGATE_DEBUG=1} in the environment adds it for a developer.
 */
final class CliErrors implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, CommandLine.ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println(cli.getCommandSpec().qualifiedName(" ") + ": " + describe(e));
        if (System.getenv("PASSGATE_DEBUG") != null) {
            e.printStackTrace(err);
        }
        err.flush();
        return 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException e, String[] args) {
        CommandLine cli = e.getCommandLine();
        String name = cli.getCommandSpec().qualifiedName(" ");
        String message = String.valueOf(e.getMessage()).replaceAll("[\\r\\n]+", " ").trim();
        cli.getErr().println(name + ": " + message + " (see '" + name + " --help')");
        cli.getErr().flush();
        return cli.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** One sentence for a user: the file and what is wrong with it, or the fault without its Java type. */
    static String describe(Throwable e) {
        if (e instanceof UncheckedIOException unchecked) {
            return describe(unchecked.getCause());
        }
        if (e instanceof FileSystemException fs && fs.getFile() != null) {
            String file = fs.getFile();
            if (e instanceof NoSuchFileException) {
                return file + ": no such file or directory";
            }
            if (e instanceof FileAlreadyExistsException) {
                return file + ": already exists (it is never overwritten)";
            }
            if (e instanceof AccessDeniedException) {
                return file + ": permission denied";
            }
            if (e instanceof NotDirectoryException) {
                return file + ": not a directory";
            }
            if (e instanceof DirectoryNotEmptyException) {
                return file + ": directory not empty";
            }
            return file + ": " + (fs.getReason() == null ? "cannot be used" : fs.getReason());
        }
        String message = e.getMessage();
        if (e instanceof IOException) {
            return message == null ? "input/output error" : message;
        }
        return "internal error (" + e.getClass().getSimpleName() + (message == null ? "" : ": " + message)
                + "); set PASSGATE_DEBUG=1 for details";
    }
}
