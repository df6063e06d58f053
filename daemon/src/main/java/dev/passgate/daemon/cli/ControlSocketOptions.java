package dev.passgate.daemon.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of the commands that talk to the running daemon ({@code status}, {@code reload}): where its control
 * socket is, found from its configuration's data folder or named directly. A picocli mixin.
 */
final class ControlSocketOptions {
    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/passgate/passgate.toml",
            description = "The daemon's configuration, to find its data folder (default: ${DEFAULT-VALUE}).")
    private Path configFile;

    @Option(names = "--socket", paramLabel = "PATH", description = "The control socket, instead of --config.")
    private Path socket;

    /** The socket to talk to; null when the configuration cannot be read (the reason is written to {@code err}). */
    Path resolve(PrintWriter err) {
        return socket != null ? socket : ControlClient.socketOf(configFile, err);
    }
}
