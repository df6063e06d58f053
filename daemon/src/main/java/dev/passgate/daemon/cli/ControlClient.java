package dev.passgate.daemon.cli;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.daemon.service.ControlServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.newsclub.net.unix.AFUNIXSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;

/** The client side of the daemon's control socket ({@link ControlServer}): one request line, one answer line. */
final class ControlClient {
    private static final int TIMEOUT_MILLIS = 5000;

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
     * The socket of the daemon configured by {@code config} ({@code <data_dir>/control/passgate.sock}); null, with
     * the file's errors printed to {@code err}, when the file is not valid.
     */
    static Path socketOf(Path config, PrintWriter err) {
        ConfigResult result = ConfigLoader.load(config);
        if (result instanceof ConfigResult.Invalid invalid) {
            invalid.errors().forEach(err::println);
            return null;
        }
        Path dataDir = ((ConfigResult.Loaded) result).config().device().dataDir();
        return dataDir.resolve("control").resolve(ControlServer.SOCKET_NAME);
    }
}
