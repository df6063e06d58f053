package dev.passgate.daemon.collector;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.upload.UploadBatch;
import dev.passgate.daemon.upload.WireFormat;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.tinylog.Logger;

/**
 * The reference collector's HTTP face (JDK {@code HttpServer}):
 * <ul>
 *   <li>{@code POST /v1/batches}: a {@link WireFormat} batch, gzip ({@code Content-Encoding: gzip}) or plain; 200
 *       with the answer once the batch has committed ({@link CollectorStore#ingest}); 400 for a body that is not
 *       a protocol 1 batch; 409 when the device's key differs from the pinned one; 413 for a body over
 *       {@link #MAX_BODY_BYTES}.</li>
 *   <li>{@code GET /v1/devices}: a JSON array of {@link DeviceReport}s.</li>
 * </ul>
 * {@link Faults} is the seam through which tests cut the connection after the commit and before the answer.
 * Plain HTTP has no authentication: put it behind a TLS-terminating proxy that checks client certificates. Served
 * with an {@link SSLContext} it speaks HTTPS and refuses, in the handshake, a client without a certificate that the
 * context's trust managers accept; it does not check which device a certificate names.
 */
public final class CollectorServer implements AutoCloseable {
    public static final String BATCHES = "/v1/batches";
    public static final String DEVICES = "/v1/devices";
    public static final int MAX_BODY_BYTES = 32 << 20;

    private final HttpServer server;
    private final ExecutorService executor;
    private final CollectorStore store;
    private final Faults faults;
    private final AtomicLong requests = new AtomicLong();

    /** Where a test makes the collector misbehave; production uses {@link #NONE}. */
    @FunctionalInterface
    public interface Faults {
        /** Whether to cut the connection instead of answering request {@code number} (from 1), after it committed. */
        boolean cutAfterCommit(long number);
    }

    public static final Faults NONE = number -> false;

    private CollectorServer(HttpServer server, ExecutorService executor, CollectorStore store, Faults faults) {
        this.server = server;
        this.executor = executor;
        this.store = store;
        this.faults = faults;
    }

    /** Starts serving on {@code address} (port 0 picks a free one). */
    public static CollectorServer start(InetSocketAddress address, CollectorStore store, Faults faults)
            throws IOException {
        return serve(HttpServer.create(address, 64), store, faults);
    }

    /**
     * Starts serving HTTPS on {@code address} with the key and trust managers of {@code tls}, and requires a client
     * certificate those trust managers accept (mutual TLS).
     */
    public static CollectorServer start(InetSocketAddress address, CollectorStore store, Faults faults,
                                        SSLContext tls) throws IOException {
        HttpsServer server = HttpsServer.create(address, 64);
        server.setHttpsConfigurator(new HttpsConfigurator(tls) {
            @Override
            public void configure(HttpsParameters params) {
                SSLParameters parameters = getSSLContext().getDefaultSSLParameters();
                parameters.setNeedClientAuth(true);
                params.setSSLParameters(parameters);
            }
        });
        return serve(server, store, faults);
    }

    private static CollectorServer serve(HttpServer server, CollectorStore store, Faults faults) {
        ExecutorService executor = Executors.newFixedThreadPool(4, runnable -> {
            Thread thread = new Thread(runnable, "passgate-collector");
            thread.setDaemon(true);
            return thread;
        });
        CollectorServer collector = new CollectorServer(server, executor, store, faults);
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
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY_BYTES + 1);
            }
            if (body.length > MAX_BODY_BYTES) {
                text(exchange, 413, "the body is larger than " + MAX_BODY_BYTES + " bytes");
                return;
            }
            boolean gzip = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"));
            Optional<byte[]> lines = gzip ? WireFormat.gunzip(body) : Optional.of(body);
            if (lines.isEmpty()) {
                text(exchange, 400, "the body is not gzip, or inflates past " + WireFormat.MAX_BATCH_BYTES);
                return;
            }
            WireFormat.Parsed parsed = WireFormat.parse(lines.get());
            if (!parsed.ok()) {
                text(exchange, 400, parsed.problem());
                return;
            }
            UploadBatch batch = parsed.batch();
            CollectorStore.Ingested ingested = store.ingest(batch);
            if (ingested.answer().isEmpty()) {
                text(exchange, 409, ingested.refusal());
                return;
            }
            if (faults.cutAfterCommit(number)) {
                return;
            }
            byte[] answer = WireFormat.answer(ingested.answer().get());
            exchange.getResponseHeaders().set("Content-Type", WireFormat.ANSWER_TYPE);
            exchange.sendResponseHeaders(200, answer.length);
            exchange.getResponseBody().write(answer);
        } catch (IOException | RuntimeException e) {
            Logger.warn("collector: a batch failed (a client that went away?): {}", e.getMessage());
            throw e;
        }
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
