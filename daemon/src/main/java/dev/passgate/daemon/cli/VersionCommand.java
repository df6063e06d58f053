package dev.passgate.daemon.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code passgate version}: prints the program version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the version.")
public final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    /** The version as the jar manifest states it, or "dev" when run from classes. */
    public static String version() {
        String v = VersionCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("passgate " + version() + " (Java " + Runtime.version() + ", "
                + System.getProperty("os.arch") + ")");
        return 0;
    }

    /** Supplies {@code --version} with the same text. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"passgate " + version()};
        }
    }
}
