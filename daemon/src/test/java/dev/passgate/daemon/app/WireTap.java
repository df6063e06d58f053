package dev.passgate.daemon.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * A TCP relay on loopback that forwards every connection to {@code target} and keeps a copy of every byte in both
 * directions, so a test can look at exactly what crossed the wire; {@link #inflated} also unpacks each gzip member
 * found in the copy (the uploader's request bodies).
 */
final class WireTap implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final ByteArrayOutputStream seen = new ByteArrayOutputStream();
    private final List<Socket> sockets = new ArrayList<>();
    private final Thread acceptor;

    WireTap(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::accept, "wire-tap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(target.getAddress(), target.getPort());
                synchronized (sockets) {
                    sockets.add(client);
                    sockets.add(upstream);
                }
                pump(client.getInputStream(), upstream.getOutputStream());
                pump(upstream.getInputStream(), client.getOutputStream());
            } catch (IOException e) {
                return;
            }
        }
    }

    private void pump(InputStream in, OutputStream out) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[8192];
            try (in; out) {
                for (int n = in.read(buffer); n > 0; n = in.read(buffer)) {
                    synchronized (seen) {
                        seen.write(buffer, 0, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // The other side closed; nothing more to copy.
            }
        }, "wire-tap-pump");
        thread.setDaemon(true);
        thread.start();
    }

    /** Every byte seen so far, both directions interleaved by arrival. */
    byte[] raw() {
        synchronized (seen) {
            return seen.toByteArray();
        }
    }

    /** The raw bytes followed by the content of every gzip member that starts somewhere in them. */
    byte[] inflated() {
        byte[] raw = raw();
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.writeBytes(raw);
        for (int i = 0; i + 2 < raw.length; i++) {
            if ((raw[i] & 0xFF) == 0x1F && (raw[i + 1] & 0xFF) == 0x8B && raw[i + 2] == 8) {
                try (GZIPInputStream gzip = new GZIPInputStream(new java.io.ByteArrayInputStream(raw, i,
                        raw.length - i))) {
                    all.writeBytes(gzip.readNBytes(64 << 20));
                } catch (IOException e) {
                    // Not a gzip member after all, or cut short: the raw bytes are still searched.
                }
            }
        }
        return all.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
        synchronized (sockets) {
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
