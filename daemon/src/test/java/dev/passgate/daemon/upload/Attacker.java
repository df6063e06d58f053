package dev.passgate.daemon.upload;

import dev.passgate.daemon.decode.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.zip.GZIPOutputStream;

/**
 * A hostile client of the collector on loopback: posts whatever bytes it likes, gzip bombs, bodies that declare more
 * than any limit, and bodies that trickle in (slow loris), over a real HTTP connection.
 */
final class Attacker {
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    private static final String HEAD = "POST /v1/batches HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Content-Type: application/x-ndjson\r\n";

    private Attacker() {
    }

    /** What the collector answered: the status and the refusal's {@code error}, if any. */
    record Answer(int status, String error, String body) {
    }

    /** POSTs {@code body} (gzip-declared when {@code gzip}) to {@code url}. */
    static Answer post(URI url, byte[] body, boolean gzip) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Content-Type", WireFormat.CONTENT_TYPE).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (gzip) {
            request.header("Content-Encoding", "gzip");
        }
        HttpResponse<byte[]> response = CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return answer(response.statusCode(), response.body());
    }

    /** POSTs the batch as the uploader would put it on the wire. */
    static Answer post(URI url, UploadBatch batch) throws IOException, InterruptedException {
        return post(url, WireFormat.encode(batch), true);
    }

    static Answer answer(int status, byte[] body) {
        String text = new String(body, StandardCharsets.UTF_8);
        String error = "";
        if (status != 200 && !text.isEmpty()) {
            try {
                var decoded = Json.decode(text, 65_536, 4);
                if (decoded.ok() && decoded.value().get("error") != null) {
                    error = decoded.value().get("error").AsString();
                }
            } catch (RuntimeException e) {
                error = "";
            }
        }
        return new Answer(status, error, text);
    }

    static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            out.write(plain);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /** A gzip stream of {@code inflated} zero bytes: about a thousandth of that on the wire. */
    static byte[] bomb(int inflated) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] zeros = new byte[1 << 16];
        try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
            for (int written = 0; written < inflated; written += zeros.length) {
                out.write(zeros, 0, Math.min(zeros.length, inflated - written));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Sends {@code body} with chunked transfer encoding (no length declared), as a raw request, and reads the status.
     */
    static Answer postChunked(InetSocketAddress to, byte[] body) throws IOException {
        try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + "Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            for (int at = 0; at < body.length; at += 8192) {
                int n = Math.min(8192, body.length - at);
                out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body, at, n);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /**
     * Declares a body of {@code declared} bytes, sends its first {@code sent} bytes, and reads the answer without
     * sending the rest.
     */
    static Answer postDeclaring(InetSocketAddress to, long declared, int sent) throws IOException {
        try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write((HEAD + "Content-Encoding: gzip\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[sent]);
            out.flush();
            return readAnswer(socket.getInputStream());
        }
    }

    /**
     * A slow loris: declares 1,000 bytes and sends one every {@code every}, until the collector cuts the connection
     * or answers; returns how long that took, or {@code max} when it never did.
     */
    static Duration slowLoris(InetSocketAddress to, Duration every, Duration max) throws IOException {
        long started = System.nanoTime();
        try (Socket socket = new Socket(to.getAddress(), to.getPort())) {
            socket.setSoTimeout((int) every.toMillis());
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write((HEAD + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            for (int i = 0; i < 999; i++) {
                if (System.nanoTime() - started > max.toNanos()) {
                    return max;
                }
                try {
                    out.write('{');
                    out.flush();
                    in.read();
                    break;
                } catch (SocketTimeoutException e) {
                    continue;
                } catch (IOException e) {
                    break;
                }
            }
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    private static Answer readAnswer(InputStream in) throws IOException {
        byte[] bytes = in.readNBytes(65_536);
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        if (!text.startsWith("HTTP/1.1 ")) {
            return new Answer(-1, "", text);
        }
        int status = Integer.parseInt(text.substring(9, 12));
        int body = text.indexOf("\r\n\r\n");
        return answer(status, body < 0 ? new byte[0] : text.substring(body + 4).getBytes(StandardCharsets.ISO_8859_1));
    }
}
