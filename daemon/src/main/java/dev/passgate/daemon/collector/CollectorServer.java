package dev.passgate.daemon.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.upload.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.tinylog.Logger;

/**
 * The reference collector's HTTP face (JDK {@code HttpServer}):
 * <ul>
 *   <li>{@code POST /v1/batches}: a {@link WireFormat} batch, gzip ({@code Content-Encoding: gzip}) or plain; 200
 *       with the answer once the batch has verified and committed ({@link CollectorStore#ingest}); otherwise a
 *       {@link Refusal} as JSON: 400 not a protocol 1 batch, 403 not the enrolled device's batch, 409 another key
 *       than the enrolled one, 413 over the {@link CollectorLimits}, 422 a batch that does not verify against
 *       what is held, 429 (with {@code Retry-After}) when {@link CollectorLimits#maxConcurrent} batches are in
 *       progress.</li>
 *   <li>{@code GET /v1/devices}: a JSON array of {@link DeviceReport}s.</li>
 * </ul>
 * {@link Faults} is the seam through which tests cut the connection after the commit and before the answer.
 * Batches are authenticated by the enrolled device keys ({@link CollectorStore#ingest}), not by the connection:
 * over plain HTTP anyone may reach it, but only an enrolled device's signed batches are stored. Served with an
 * {@link SSLContext} it speaks HTTPS and refuses, in the handshake, a client without a certificate that the
 * context's trust managers accept; it does not check which device a certificate names. Every request is bounded by
 * {@link CollectorLimits} (the body read as a stream, at most {@code maxConcurrent} at a time, and a body deadline).
 *
 * <p>The body deadline is enforced per request by the streaming reader ({@link BoundedBody}): a body still arriving
 * {@code bodyTimeout} after its handler started is answered 408 {@code too_slow}. A client that sends nothing at all
 * blocks a read that no deadline check can wake; that case is cut by the JDK server's request timer,
 * {@code sun.net.httpserver.maxReqTime}, which the JDK reads once per JVM when its first server starts. The first
 * server's limits therefore set that backstop for the whole JVM (unless the property was set on the command line):
 * exact for {@code passgate collector}, which runs one server per JVM, and only a backstop for tests that start
 * servers with other limits in one JVM.
 */
public final class CollectorServer implements AutoCloseable {
    public static final String BATCHES = "/v1/batches";
    public static final String DEVICES = "/v1/devices";
    private static final String BODY_TIMEOUT_PROPERTY = "sun.net.httpserver.maxReqTime";

    private final HttpServer server;
    private final ExecutorService executor;
    private final CollectorStore store;
    private final Faults faults;
    private final AtomicLong requests = new AtomicLong();
    private final CollectorLimits limits;
    private final Semaphore slots;
    private final LongSupplier nanos = System::nanoTime;

    /** Where a test makes the collector misbehave; production uses {@link #NONE}. */
    @FunctionalInterface
    public interface Faults {
        /** Whether to cut the connection instead of answering request {@code number} (from 1), after it committed. */
        boolean cutAfterCommit(long number);
    }

    public static final Faults NONE = number -> false;

    private CollectorServer(HttpServer server, ExecutorService executor, CollectorStore store, Faults faults,
                            CollectorLimits limits) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.faults = faults;
        this.limits = limits;
        this.slots = new Semaphore(limits.maxConcurrent());
    }

    /** Starts serving on {@code address} (port 0 picks a free one) with the default limits. */
    public static CollectorServer start(InetSocketAddress address, CollectorStore store, Faults faults)
            throws IOException {
        return start(address, store, faults, CollectorLimits.defaults());
    }

    /** Starts serving on {@code address} (port 0 picks a free one) within {@code limits}. */
    public static CollectorServer start(InetSocketAddress address, CollectorStore store, Faults faults,
                                        CollectorLimits limits) throws IOException {
        bodyTimeout(limits);
        return serve(HttpServer.create(address, 64), store, faults, limits);
    }

    /**
     * Starts serving HTTPS on {@code address} with the key and trust managers of {@code tls}, and requires a client
     * certificate those trust managers accept (mutual TLS).
     */
    public static CollectorServer start(InetSocketAddress address, CollectorStore store, Faults faults,
                                        SSLContext tls) throws IOException {
        return start(address, store, faults, tls, CollectorLimits.defaults());
    }

    /** As {@link #start(InetSocketAddress, CollectorStore, Faults, SSLContext)}, within {@code limits}. */
    public static CollectorServer start(InetSocketAddress address, CollectorStore store, Faults faults,
                                        SSLContext tls, CollectorLimits limits) throws IOException {
        bodyTimeout(limits);
        HttpsServer server = HttpsServer.create(address, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        return serve(server, store, faults, limits);
    }

    /**
     * The JDK server cuts a connection whose request has not fully arrived after {@code sun.net.httpserver.maxReqTime}
     * seconds; it reads the property once, when its first server starts, so the first limits win.
     */
    private static void bodyTimeout(CollectorLimits limits) {
        if (System.getProperty(BODY_TIMEOUT_PROPERTY) == null) {
            System.setProperty(BODY_TIMEOUT_PROPERTY, Long.toString(Math.max(1, limits.bodyTimeout().toSeconds())));
        }
    }

    private static CollectorServer serve(HttpServer server, CollectorStore store, Faults faults,
                                         CollectorLimits limits) {
        ExecutorService executor = Executors.newFixedThreadPool(limits.maxConcurrent() + 4, runnable -> {
            Thread thread = new Thread(runnable, "passgate-collector");
            thread.setDaemon(true);
            return thread;
        });
        CollectorServer collector = new CollectorServer(server, executor, store, faults, limits);
        server.createContext(BATCHES, collector::batches);
        server.createContext(DEVICES, collector::devices);
        server.setExecutor(executor);
        server.start();
        return collector;
    }

    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** How many batch requests arrived so far. */
    public long requests() {
        return requests.get();
    }

    private void batches(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                text(exchange, 405, "expected POST");
                return;
            }
            long number = requests.incrementAndGet();
            if (declaredLength(exchange) > limits.maxCompressedBytes()) {
                refuse(exchange, BoundedBody.tooLarge("is declared larger than " + limits.maxCompressedBytes()
                        + " bytes on the wire"));
                return;
            }
            if (!slots.tryAcquire()) {
                refuse(exchange, new Refusal(429, Refusal.BUSY, limits.maxConcurrent()
                        + " batches are in progress; retry after " + limits.retryAfter().toSeconds() + " s"));
                return;
            }
            try {
                receive(exchange, number);
            } finally {
                slots.release();
            }
        } catch (IOException | RuntimeException e) {
            Logger.warn("collector: a batch failed (a client that went away?): {}", e.getMessage());
            throw e;
        }
    }

    private void receive(HttpExchange exchange, long number) throws IOException {
        boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
        long deadline = nanos.getAsLong() + limits.bodyTimeout().toNanos();
        InputStream in = exchange.getRequestBody();
        BoundedBody.Read body = BoundedBody.read(in, gzip, limits, deadline, nanos);
        if (body.refusal().isPresent() && body.refusal().get().status() == 408) {
            // Answer before closing: closing drains what the slow client still sends, within this request's slot,
            // until the JDK's request timer cuts the connection.
            refuse(exchange, body.refusal().get());
            exchange.close();
            return;
        }
        in.close();
        if (body.refusal().isPresent()) {
            refuse(exchange, body.refusal().get());
            return;
        }
        WireFormat.Parsed parsed = WireFormat.parse(body.bytes().get());
        if (!parsed.ok()) {
            refuse(exchange, Refusal.badBatch(parsed.problem()));
            return;
        }
        CollectorStore.Ingested ingested = store.ingest(parsed, certifiedDevice(exchange));
        if (ingested.answer().isEmpty()) {
            refuse(exchange, ingested.refusal().orElseThrow());
            return;
        }
        if (faults.cutAfterCommit(number)) {
            return;
        }
        byte[] answer = WireFormat.answer(ingested.answer().get());
        exchange.getResponseHeaders().set("Content-Type", WireFormat.ANSWER_TYPE);
        exchange.sendResponseHeaders(200, answer.length);
        exchange.getResponseBody().write(answer);
    }

    /** The subject CN of the client certificate of an HTTPS exchange, if there is one. */
    private static Optional<String> certifiedDevice(HttpExchange exchange) {
        if (!(exchange instanceof HttpsExchange https) || https.getSSLSession() == null) {
            return Optional.empty();
        }
        try {
            Certificate[] chain = https.getSSLSession().getPeerCertificates();
            if (chain.length == 0 || !(chain[0] instanceof X509Certificate leaf)) {
                return Optional.empty();
            }
            for (Rdn rdn : new LdapName(leaf.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    return Optional.of(rdn.getValue().toString());
                }
            }
            return Optional.empty();
        } catch (SSLPeerUnverifiedException | InvalidNameException e) {
            return Optional.empty();
        }
    }

    private static long declaredLength(HttpExchange exchange) {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return length != null && length.strip().matches("[0-9]{1,18}") ? Long.parseLong(length.strip()) : -1;
    }

    private void refuse(HttpExchange exchange, Refusal refusal) throws IOException {
        Logger.info("collector: refused a batch from {}: {} {}: {}", exchange.getRemoteAddress(), refusal.status(),
                refusal.error(), refusal.detail());
        if (refusal.status() == 429) {
            exchange.getResponseHeaders().set("Retry-After", Long.toString(limits.retryAfter().toSeconds()));
        }
        byte[] json = WireFormat.refusal(refusal.error(), refusal.detail());
        exchange.getResponseHeaders().set("Content-Type", WireFormat.ANSWER_TYPE);
        exchange.sendResponseHeaders(refusal.status(), json.length);
        exchange.getResponseBody().write(json);
        exchange.getResponseBody().flush();
    }

    private void devices(HttpExchange exchange) throws IOException {
        try (exchange) {
            CBORObject array = CBORObject.NewArray();
            store.report().forEach(report -> array.Add(report.toJson()));
            byte[] json = array.ToJSONString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, json.length);
            exchange.getResponseBody().write(json);
        }
    }

    private static void text(HttpExchange exchange, int status, String message) throws IOException {
        byte[] bytes = (message + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    /** Stops accepting, drops requests in progress, and stops the threads. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
