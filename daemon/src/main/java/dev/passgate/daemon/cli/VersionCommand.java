package dev.passgate.daemon.cli;

import dev.passgate.daemon.app.Build;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code passgate version}: prints the program version and the Java runtime it runs on. */
@Command(name = "version", description = "Print the version.")
public final class VersionCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().getOut().println("passgate " + Build.version() + " (Java " + Runtime.version() + ", "
                + System.getProperty("os.arch") + ")");
        return 0;
    }

    /** Supplies {@code --version} with the same text. */
    public static final class Provider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"passgate " + Build.version()};
        }
    }
}
