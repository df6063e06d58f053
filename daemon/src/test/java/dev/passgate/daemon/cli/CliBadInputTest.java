package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Every command found in picocli's command tree (so a command added later is covered without editing this test):
 * help and version answer with exit 0, and missing files, existing outputs and bad values give the documented exit
 * code (1 or 2) with an error line and no stack trace. Runs in-process; {@code System.out}/{@code System.err} are
 * captured too, because some commands write there directly.
 */
class CliBadInputTest {
    /** A stack frame, or a Java exception type named to the user. */
    private static final Pattern STACK_TRACE = Pattern.compile(
            "(?m)^\\s+at [\\w$.]+\\(|\\b(java|javax|sun|picocli|org|com)\\.[\\w.$]+(Exception|Error)\\b|Caused by:");
    /** Commands that serve or read standard input until it ends; their help is checked, not their inputs. */
    private static final Set<String> LONG_RUNNING = Set.of("passgate demo");

    /** Options whose file may be missing: diag records "cannot read" in the support bundle it writes anyway. */
    private static final Set<String> OPTIONAL_INPUTS = Set.of("passgate diag --config");

    @TempDir
    Path dir;

    @Test
    void everyCommandAnswersHelpAndVersionWithExitZero() {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
            List<String> path = words(command.getKey());
            for (String flag : List.of("--help", "-h")) {
                Captured run = run(append(path, flag));
                assertThat(run.code).as(command.getKey() + " " + flag + ": " + run.err).isZero();
                assertThat(run.out).as(command.getKey() + " " + flag).contains("Usage: " + command.getKey());
            }
            Captured help = run(prepend("help", path));
            assertThat(help.code).as("passgate help " + command.getKey() + ": " + help.err).isZero();
            assertThat(help.out).contains("Usage: " + command.getKey());
            if (command.getValue().getCommandSpec().findOption("-V") != null) {
                Captured version = run(append(path, "--version"));
                assertThat(version.code).as(command.getKey() + " --version").isZero();
                assertThat(version.out).startsWith("passgate ");
            }
            checked.add(command.getKey());
        }
        System.out.println("CliBadInputTest: help, -h, 'help COMMAND' and --version on " + checked.size()
                + " commands: " + checked);
        assertThat(checked).contains("passgate bundle make", "passgate log verify", "passgate config check");
    }

    @Test
    void missingFilesAndBadValuesGiveTheDocumentedExitCodeAndNoStackTrace() {
        int runs = 0;
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, CommandLine> command : commands().entrySet()) {
            if (!command.getValue().getSubcommands().isEmpty() || LONG_RUNNING.contains(command.getKey())) {
                continue;
            }
            List<String> path = words(command.getKey());
            for (List<String> args : badArguments(command.getValue())) {
                Captured run = run(concat(path, args));
                String what = command.getKey() + " " + String.join(" ", args) + " -> " + run.code + ": " + run.err;
                if (run.code != 1 && run.code != 2) {
                    failures.add("exit code: " + what);
                } else if (run.err.isBlank() && run.out.isBlank()) {
                    failures.add("says nothing: " + what);
                } else if (STACK_TRACE.matcher(run.err + run.out).find()) {
                    failures.add("stack trace: " + what + run.out);
                }
                runs++;
            }
        }
        System.out.println("CliBadInputTest: " + runs + " bad-input runs, " + failures.size() + " failures");
        assertThat(failures).isEmpty();
        assertThat(runs).isGreaterThan(25);
    }

    @Test
    void theUsersReportedErrorsAreOneLineEach() throws Exception {
        Path existing = Files.createDirectories(dir.resolve("issuer"));
        assertThat(run(List.of("issuer", "init", "--out", existing.toString())).code).isZero();
        Path gpio = Files.writeString(dir.resolve("gpio.toml"), "[feedback.gpio]\nenabled = true\n");
        Map<List<String>, Integer> cases = new LinkedHashMap<>();
        cases.put(List.of("issuer", "init", "--out", existing.toString()), 1);
        cases.put(List.of("bundle", "make", "--root-key", dir.resolve("missing").toString(), "--version", "1",
                "--valid-for", "P7D", "--out", dir.resolve("b.pgtb").toString()), 1);
        cases.put(List.of("bundle", "install", dir.resolve("missing.pgtb").toString(), "--config",
                dir.resolve("missing.toml").toString()), 2);
        cases.put(List.of("collector", "--db", dir.resolve("typo/dir/x.db").toString(), "--report"), 1);
        cases.put(List.of("test-io", "--config", gpio.toString()), 1);
        cases.put(List.of("no-such-command"), 2);
        for (Map.Entry<List<String>, Integer> c : cases.entrySet()) {
            Captured run = run(c.getKey());
            String what = String.join(" ", c.getKey()) + " -> " + run.code + "\n" + run.err;
            assertThat(run.code).as(what).isEqualTo(c.getValue());
            assertThat(STACK_TRACE.matcher(run.err + run.out).find()).as(what).isFalse();
            assertThat(run.err.strip().lines()).as(what).isNotEmpty().allMatch(line -> line.length() < 400);
            System.out.println("CliBadInputTest: passgate " + String.join(" ", c.getKey()) + " -> exit " + run.code
                    + ": " + run.err.strip());
        }
        assertThat(Files.exists(dir.resolve("typo"))).as("collector --report creates no directories").isFalse();
    }

    /** Argument lists that each break one thing: a missing input, an existing output, a value of the wrong type. */
    private List<List<String>> badArguments(CommandLine command) {
        Path missing = dir.resolve("missing/nothing-here");
        Path existing = dir.resolve("existing-output");
        try {
            Files.writeString(existing, "already here\n");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        List<String> required = new ArrayList<>();
        List<ArgSpec> optional = new ArrayList<>();
        for (ArgSpec arg : command.getCommandSpec().args()) {
            if (arg instanceof OptionSpec option && (option.usageHelp() || option.versionHelp() || option.hidden())) {
                continue;
            }
            if (arg.required() || arg instanceof PositionalParamSpec) {
                if (arg instanceof OptionSpec option) {
                    required.add(option.longestName());
                }
                boolean output = arg instanceof OptionSpec option && option.longestName().equals("--out");
                required.add(plausible(arg, output ? dir.resolve("new-output-" + required.size()) : missing));
            } else if (arg.arity().max() > 0) {
                optional.add(arg);
            }
        }
        for (ArgSpec arg : optional) {
            if (isPath(arg) && ((OptionSpec) arg).longestName().equals("--out") && !"DIR".equals(arg.paramLabel())) {
                // Keep an output that has a default (diag's zip) inside the test's folder.
                required.addAll(List.of("--out", dir.resolve("new-output-" + required.size()).toString()));
            }
        }
        List<List<String>> cases = new ArrayList<>();
        if (required.contains(missing.toString())) {
            cases.add(required);
        }
        for (ArgSpec arg : optional) {
            String name = ((OptionSpec) arg).longestName();
            if (isPath(arg) && name.equals("--out")) {
                // An output folder is created when missing; an output that is a file where a folder is expected,
                // or that would overwrite a key, is an error.
                if ("DIR".equals(arg.paramLabel())) {
                    cases.add(concat(required, List.of(name, existing.toString())));
                }
            } else if (isPath(arg)) {
                if (!OPTIONAL_INPUTS.contains(command.getCommandSpec().qualifiedName(" ") + " " + name)) {
                    cases.add(concat(required, List.of(name, missing.toString())));
                }
            } else if (!String.class.equals(arg.type()) && !arg.type().isEnum() && arg.auxiliaryTypes().length <= 1) {
                cases.add(concat(required, List.of(name, "not-a-value")));
            }
        }
        return cases;
    }

    private static String plausible(ArgSpec arg, Path missing) {
        Class<?> type = arg.type().isArray() ? arg.type().getComponentType() : arg.type();
        if (List.class.isAssignableFrom(type) && arg.auxiliaryTypes().length > 0) {
            type = arg.auxiliaryTypes()[0];
        }
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "1";
        }
        if (type == Duration.class) {
            return "PT1H";
        }
        if (type == Instant.class) {
            return "2024-01-01T00:00:00Z";
        }
        if (Map.class.isAssignableFrom(type)) {
            return "id=" + missing;
        }
        return missing.toString();
    }

    private static boolean isPath(ArgSpec arg) {
        Class<?> type = arg.type();
        return Path.class.equals(type) || (List.class.isAssignableFrom(type) && arg.auxiliaryTypes().length > 0
                && Path.class.equals(arg.auxiliaryTypes()[0])) || (type.isArray()
                && Path.class.equals(type.getComponentType()));
    }

    private static Map<String, CommandLine> commands() {
        Map<String, CommandLine> all = new LinkedHashMap<>();
        walk(Main.commandLine(), all);
        return all;
    }

    private static void walk(CommandLine cli, Map<String, CommandLine> all) {
        all.put(cli.getCommandSpec().qualifiedName(" "), cli);
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getParent() == cli && !sub.getCommandName().equals("help")) {
                walk(sub, all);
            }
        }
    }

    private static Captured run(List<String> args) {
        ByteArrayOutputStream systemOut = new ByteArrayOutputStream();
        ByteArrayOutputStream systemErr = new ByteArrayOutputStream();
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        System.setOut(new PrintStream(systemOut, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(systemErr, true, StandardCharsets.UTF_8));
        try {
            CliRun run = CliRun.main(args.toArray(String[]::new));
            return new Captured(run.exitCode(), run.out() + systemOut.toString(StandardCharsets.UTF_8),
                    run.err() + systemErr.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    private static List<String> words(String qualified) {
        List<String> words = new ArrayList<>(List.of(qualified.split(" ")));
        words.remove(0);
        return words;
    }

    private static List<String> append(List<String> list, String last) {
        return concat(list, List.of(last));
    }

    private static List<String> prepend(String first, List<String> list) {
        return concat(List.of(first), list);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private record Captured(int code, String out, String err) {
    }
}
