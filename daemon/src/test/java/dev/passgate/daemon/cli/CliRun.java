package dev.passgate.daemon.cli;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/** Runs one passgate command in-process with the given standard input, capturing output and exit status. */
public record CliRun(int exitCode, String out, String err) {

    public static CliRun main(String... args) {
        return run(Main.commandLine(), args);
    }

    public List<String> lines() {
        return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n"));
    }

    public static CliRun verify(String stdin, Clock clock, String... args) {
        VerifyCommand command = new VerifyCommand();
        command.useInput(new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        command.useClock(clock);
        return run(new CommandLine(command), args);
    }

    /** Runs a command object built by the test, e.g. a subcommand with a test clock. */
    public static CliRun command(Object command, String... args) {
        return run(new CommandLine(command), args);
    }

    private static CliRun run(CommandLine cli, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new CliRun(code, out.toString(), err.toString());
    }
}
