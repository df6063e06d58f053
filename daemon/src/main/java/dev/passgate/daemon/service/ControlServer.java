package dev.passgate.daemon.service;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.function.Supplier;
import org.newsclub.net.unix.AFUNIXServerSocket;
import org.newsclub.net.unix.AFUNIXSocketAddress;
import org.tinylog.Logger;

/**
 * The daemon's local control socket: a Unix stream socket in a folder only the daemon's user may enter (0700;
 * the socket itself 0600). Protocol, version 1: the client sends one line, {@code status} or {@code reload}; the
 * server answers with one line of JSON and closes: for {@code status} the {@link dev.passgate.daemon.app.StatusReport}
 * contract, for {@code reload} (re-read the configuration file) the {@link dev.passgate.daemon.app.ReloadReport}.
 * Any other line gets {@code {"error": ...}}. Requests are bounded to 256 characters. Only the daemon's own user
 * can connect, so a reload request needs no further check.
 */
public final class ControlServer implements AutoCloseable {
    public static final String SOCKET_NAME = "passgate.sock";
    private static final int MAX_REQUEST = 256;
    private final AFUNIXServerSocket server;
    private final Supplier<String> status;
    private final Supplier<String> reload;
    private final Thread acceptor;

    private ControlServer(AFUNIXServerSocket server, Supplier<String> status, Supplier<String> reload) {
        this.server = server;
        this.status = status;
        this.reload = reload;
        this.acceptor = new Thread(this::acceptLoop, "passgate-control");
        this.acceptor.setDaemon(true);
    }

    /** Binds {@code folder/passgate.sock}, creating the folder owner-only, and starts answering. */
    public static ControlServer start(Path folder, Supplier<String> statusJson) throws IOException {
        return start(folder, statusJson, () -> "{\"error\":\"reload is not offered here\"}");
    }

    /** As {@link #start(Path, Supplier)}, and answers {@code reload} with {@code reloadJson}. */
    public static ControlServer start(Path folder, Supplier<String> statusJson, Supplier<String> reloadJson)
            throws IOException {
        Files.createDirectories(folder);
        setPermissions(folder, "rwx------");
        Path socket = folder.resolve(SOCKET_NAME);
        Files.deleteIfExists(socket);
        AFUNIXServerSocket server = AFUNIXServerSocket.newInstance();
        server.bind(AFUNIXSocketAddress.of(socket));
        setPermissions(socket, "rw-------");
        ControlServer control = new ControlServer(server, statusJson, reloadJson);
        control.acceptor.start();
        return control;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket client = server.accept()) {
                answer(client);
            } catch (IOException | RuntimeException e) {
                if (!server.isClosed()) {
                    Logger.warn("control socket request failed: {}", e.toString());
                }
            }
        }
    }

    private void answer(Socket client) throws IOException {
        client.setSoTimeout(2000);
        BufferedReader in = new BufferedReader(new InputStreamReader(client.getInputStream(), StandardCharsets.UTF_8),
                MAX_REQUEST);
        char[] buffer = new char[MAX_REQUEST];
        int length = 0;
        int c;
        while (length < MAX_REQUEST && (c = in.read()) != -1 && c != '\n') {
            buffer[length++] = (char) c;
        }
        String request = new String(buffer, 0, length).strip();
        String reply = switch (request) {
            case "status" -> status.get();
            case "reload" -> reload.get();
            default -> "{\"error\":\"unknown request, expected: status or reload\"}";
        };
        OutputStream out = client.getOutputStream();
        out.write((reply + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    private static void setPermissions(Path path, String permissions) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        } catch (UnsupportedOperationException e) {
            Logger.warn("cannot restrict permissions of {} on this file system", path);
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            Logger.warn("closing the control socket failed: {}", e.getMessage());
        }
    }
}
