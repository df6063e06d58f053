package dev.passgate.daemon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.UnmatchedArgsBinding;

/**
 * Builds the command tree the same way for every command, so that a command added later is covered without
 * touching it: {@code -h}/{@code --help} and {@code -V}/{@code --version} on every command and subcommand that does
 * not define them itself, and the off-kiosk tools added only when the jar carries them.
 */
final class CliSetup {
    /** The jar that carries the off-kiosk tools, named in the answer of a kiosk jar that does not. */
    static final String TOOLS_JAR = "passgate.jar (the tools jar; the kiosk package ships passgate-kiosk.jar)";

    private CliSetup() {
    }

    /** Adds help and version options to {@code cli} and every command below it. */
    static void standardOptions(CommandLine cli) {
        CommandSpec spec = cli.getCommandSpec();
        if (spec.findOption("--help") == null && spec.findOption("-h") == null) {
            spec.addOption(OptionSpec.builder("-h", "--help").usageHelp(true)
                    .description("Show this help message and exit.").build());
        }
        if (spec.findOption("--version") == null && spec.findOption("-V") == null) {
            spec.addOption(OptionSpec.builder("-V", "--version").versionHelp(true)
                    .description("Print version information and exit.").build());
        }
        spec.versionProvider(new VersionCommand.Provider());
        for (CommandLine sub : cli.getSubcommands().values()) {
            if (sub.getParent() == cli) {
                standardOptions(sub);
            }
        }
    }

    /**
     * Adds the command class named {@code className} as {@code name} under {@code parent}; when the class is not in
     * this jar (the kiosk jar), adds a command that says where the tool is instead (exit 2).
     */
    static void addTool(CommandLine parent, String name, String className) {
        Class<?> type;
        try {
            type = Class.forName(className, false, CliSetup.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            parent.addSubcommand(name, absentTool(parent, name));
            return;
        }
        parent.addSubcommand(name, type);
    }

    private static CommandLine absentTool(CommandLine parent, String name) {
        String qualified = parent.getCommandSpec().qualifiedName(" ") + " " + name;
        CommandSpec[] self = new CommandSpec[1];
        Callable<Integer> answer = () -> {
            self[0].commandLine().getErr().println(qualified + ": not in this jar (the kiosk build leaves the "
                    + "off-kiosk tools out); use " + TOOLS_JAR);
            return 2;
        };
        self[0] = CommandSpec.wrapWithoutInspection(answer);
        self[0].usageMessage().description("Off-kiosk tool, not in this jar: use " + TOOLS_JAR + ".");
        self[0].addUnmatchedArgsBinding(UnmatchedArgsBinding.forStringArrayConsumer(new ISetter() {
            @Override
            public <T> T set(T value) {
                return null;
            }
        }));
        return new CommandLine(self[0]);
    }
}
