package dev.passgate.daemon.cli;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.DeviceConfig;
import dev.passgate.daemon.service.ControlServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

/** The client side of the daemon's control socket ({@link ControlServer}): one request line, one answer line. */
final class ControlClient {
    private static final int TIMEOUT_MILLIS = 5000;
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    private ControlClient() {
    }

    /** Sends {@code request} and returns the answer line, or null at the end of the stream. */
    static String ask(Path socket, String request) throws IOException {
        try (AFUNIXSocket client = AFUNIXSocket.newInstance()) {
            client.connect(AFUNIXSocketAddress.of(socket));
            client.setSoTimeout(TIMEOUT_MILLIS);
            client.getOutputStream().write((request + "\n").getBytes(StandardCharsets.UTF_8));
            client.getOutputStream().flush();
            return new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        }
    }

    /**
     * The socket of the daemon configured by {@code config} ({@code <data_dir>/control/passgate.sock}). A file with
     * errors still names the daemon's data folder (its {@code device.data_dir}, or the default), so that
     * {@code reload} reaches the daemon, which re-reads the file itself and answers with every error; a note says so
     * on {@code err}. Null, with the reason on {@code err}, when the file cannot be read at all.
     */
    static Path socketOf(Path config, PrintWriter err) {
        ConfigResult result = ConfigLoader.load(config);
        Path dataDir;
        if (result instanceof ConfigResult.Invalid invalid) {
            Optional<Path> lenient = lenientDataDir(config);
            if (lenient.isEmpty()) {
                invalid.errors().forEach(err::println);
                return null;
            }
            dataDir = lenient.get();
            err.println("note: " + config + " has " + invalid.errors().size() + " error(s) ('passgate config check "
                    + config + "'); asking the daemon with data folder " + dataDir);
        } else {
            dataDir = ((ConfigResult.Loaded) result).config().device().dataDir();
        }
        return dataDir.resolve("control").resolve(ControlServer.SOCKET_NAME);
    }

    /** {@code device.data_dir} of a file that parses as TOML but may break other rules; empty when it does not. */
    private static Optional<Path> lenientDataDir(Path config) {
        try {
            if (Files.size(config) > MAX_CONFIG_BYTES) {
                return Optional.empty();
            }
            TomlParseResult toml = Toml.parse(config);
            if (toml.hasErrors()) {
                return Optional.empty();
            }
            Object value = toml.get("device.data_dir");
            if (value == null) {
                return Optional.of(DeviceConfig.DEFAULT_DATA_DIR);
            }
            if (!(value instanceof String text)) {
                return Optional.empty();
            }
            Path base = config.toAbsolutePath().getParent();
            return Optional.of(base == null ? Path.of(text) : base.resolve(text));
        } catch (IOException | InvalidPathException e) {
            return Optional.empty();
        }
    }
}
