package dev.passgate.daemon.upload;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A tiny HTTP proxy on loopback for tests: it answers {@code CONNECT host:port} for a loopback target with
 * {@code HTTP/1.1 200 Connection established} and relays bytes both ways, one thread per direction, and records the
 * target of every CONNECT. Another method, a target off loopback, or every CONNECT when made {@code refusing} gets
 * {@code 403} and the connection closes. It reads nothing inside a tunnel.
 */
final class ConnectProxy implements AutoCloseable {
    private static final int MAX_HEAD_BYTES = 8 << 10;

    private final ServerSocket listener;
    private final boolean refusing;
    private final ExecutorService threads = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "test-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final List<String> connects = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    private ConnectProxy(ServerSocket listener, boolean refusing) {
        this.listener = listener;
        this.refusing = refusing;
    }

    /** A proxy that tunnels to loopback targets. */
    static ConnectProxy start() throws IOException {
        return start(false);
    }

    /** A proxy that answers every CONNECT with 403, as one whose policy forbids the destination. */
    static ConnectProxy startRefusing() throws IOException {
        return start(true);
    }

    private static ConnectProxy start(boolean refusing) throws IOException {
        ConnectProxy proxy = new ConnectProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), refusing);
        proxy.threads.execute(proxy::accept);
        return proxy;
    }

    /** Where to reach the proxy, as {@code upload.proxy} takes it. */
    String hostAndPort() {
        return listener.getInetAddress().getHostAddress() + ":" + listener.getLocalPort();
    }

    /** The targets of the CONNECT requests received so far ({@code host:port} as the client sent them), in order. */
    List<String> connects() {
        return List.copyOf(connects);
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                sockets.add(client);
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try {
            String[] request = readHead(client.getInputStream()).split("\r\n", 2)[0].split(" ");
            if (request.length != 3 || !request[0].equals("CONNECT") || request[1].lastIndexOf(':') < 0) {
                answer(client, "405 Method Not Allowed");
                return;
            }
            connects.add(request[1]);
            int colon = request[1].lastIndexOf(':');
            InetAddress host = InetAddress.getByName(request[1].substring(0, colon).replace("[", "").replace("]", ""));
            if (refusing || !host.isLoopbackAddress()) {
                answer(client, "403 Forbidden");
                return;
            }
            Socket target = new Socket(host, Integer.parseInt(request[1].substring(colon + 1)));
            sockets.add(target);
            OutputStream out = client.getOutputStream();
            out.write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            threads.execute(() -> relay(target, client));
            relay(client, target);
        } catch (IOException | RuntimeException e) {
            close(client);
        }
    }

    /** Reads the request line and headers up to the blank line, byte by byte so as not to read into the tunnel. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0 || head.size() >= MAX_HEAD_BYTES) {
                throw new IOException("the request head ended after " + head.size() + " bytes, expected a blank line");
            }
            head.write(b);
            matched = b == end[matched] ? matched + 1 : b == end[0] ? 1 : 0;
        }
        return head.toString(StandardCharsets.US_ASCII);
    }

    private static void answer(Socket client, String status) throws IOException {
        try (client) {
            client.getOutputStream().write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            client.getOutputStream().flush();
        }
    }

    /** Copies {@code from} to {@code to} until the end of stream, then half-closes {@code to}. */
    private static void relay(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            close(from);
            close(to);
        }
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Already gone.
        }
    }

    /** Stops accepting and cuts every tunnel. */
    @Override
    public void close() throws IOException {
        listener.close();
        sockets.forEach(ConnectProxy::close);
        threads.shutdownNow();
    }
}
