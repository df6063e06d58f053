package dev.passgate.daemon.upload;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import javax.net.ssl.SSLContext;

/**
 * The HTTP(S) transport: one {@code POST} per batch of {@link WireFormat} JSON lines, gzip-compressed, to the
 * collector's URL, with {@code Content-Type: application/x-ndjson}, {@code Content-Encoding: gzip} and
 * {@code Passgate-Protocol: 1}. A 200 answer with a readable {@link CollectorAnswer} is {@link Delivery.Answered};
 * any other status is {@link Delivery.Refused} (with the {@code Retry-After} seconds of a 429 or 503); no
 * connection, a timeout, a cut connection or an unreadable 200 answer is {@link Delivery.Failed}: the batch may have
 * been stored, and is sent again, which the collector's deduplication absorbs. Mutual TLS through the given SSL
 * context; an HTTP proxy as {@code host:port} (CONNECT for https). Redirects are not followed.
 */
public final class HttpTransport implements Transport {
    private static final int MAX_ANSWER_BYTES = 1 << 20;
    private static final long MAX_RETRY_AFTER_SECONDS = 86_400;

    private final URI url;
    private final HttpClient client;
    private final Duration timeout;

    public HttpTransport(URI url, Duration timeout, Optional<SSLContext> tls, Optional<String> proxy) {
        this.url = url;
        this.timeout = timeout;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).version(HttpClient.Version.HTTP_1_1);
        tls.ifPresent(builder::sslContext);
        proxy.ifPresent(p -> {
            int colon = p.lastIndexOf(':');
            String host = p.substring(0, colon).replace("[", "").replace("]", "");
            builder.proxy(ProxySelector.of(InetSocketAddress.createUnresolved(host,
                    Integer.parseInt(p.substring(colon + 1)))));
        });
        this.client = builder.build();
    }

    @Override
    public Delivery send(UploadBatch batch) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", WireFormat.CONTENT_TYPE).header("Content-Encoding", "gzip")
                .header("Accept", WireFormat.ANSWER_TYPE)
                .header("Passgate-Protocol", Integer.toString(WireFormat.PROTOCOL))
                .POST(HttpRequest.BodyPublishers.ofByteArray(WireFormat.encode(batch))).build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            return new Delivery.Failed("POST " + url + " failed: " + e + closedHint(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Failed("POST " + url + " interrupted");
        }
        if (response.statusCode() != 200) {
            return new Delivery.Refused(response.statusCode(), "POST " + url + " answered " + response.statusCode()
                    + refusal(response.body()), retryAfter(response));
        }
        if (response.body().length > MAX_ANSWER_BYTES) {
            return new Delivery.Failed("the answer has " + response.body().length + " bytes, more than "
                    + MAX_ANSWER_BYTES);
        }
        StringBuilder problem = new StringBuilder();
        Optional<CollectorAnswer> answer = WireFormat.parseAnswer(response.body(), problem);
        return answer.<Delivery>map(Delivery.Answered::new).orElseGet(() -> new Delivery.Failed(problem.toString()));
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        Optional<String> header = response.headers().firstValue("Retry-After");
        if (header.isEmpty() || !header.get().strip().matches("[0-9]{1,9}")) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofSeconds(Math.min(MAX_RETRY_AFTER_SECONDS, Long.parseLong(header.get().strip()))));
    }

    /** The collector's machine-readable reason ({@code {"error":"key_mismatch",...}}), if the answer has one. */
    private static String refusal(byte[] body) {
        if (body.length == 0 || body.length > MAX_ANSWER_BYTES) {
            return "";
        }
        StringBuilder problem = new StringBuilder();
        return WireFormat.parseRefusal(body, problem).map(reason -> " (" + reason + ")").orElse("");
    }

    @Override
    public String describe() {
        return "http " + url;
    }

    @Override
    public void close() {
        // The JDK client on Java 17 has no close; its threads end when it is collected.
    }

    /**
     * What an answerless close over HTTPS usually means: under TLS 1.3 a server that refuses the client certificate
     * closes the connection after the handshake, and the client only sees an empty answer.
     */
    private String closedHint(IOException e) {
        boolean https = "https".equalsIgnoreCase(url.getScheme());
        boolean noAnswer = String.valueOf(e.getMessage()).contains("received no bytes");
        return https && noAnswer ? " (the server closed the connection without answering: if it requires mutual TLS,"
                + " check upload.tls client_cert_file/client_key_file or client_keystore_file)" : "";
    }
}
