package dev.passgate.daemon.cli;

import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.collector.CollectorLimits;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.CollectorTls;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.collector.MqttIngest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate collector}: the reference collector, for field tests and for this project's own tests. It stores
 * uploaded entry-log records in a SQLite file, deduplicated on (device id, sequence), verifies each device's chain
 * and checkpoints and reports gaps. With {@code --report} it prints one JSON line per device and exits (0 when every
 * device's chain is complete and verified, else 1); otherwise it serves {@code POST /v1/batches} and
 * {@code GET /v1/devices} until it is stopped. It stores only batches of enrolled devices ({@code collector enroll}
 * or {@code --device-key}), signed by their key and linking to what it holds; {@code --tofu} pins an unknown
 * device's key from its first batch instead. With {@code --tls-cert}, {@code --tls-key} and {@code --client-ca} it
 * serves HTTPS and requires a client certificate under the operator CA; {@code --enrol-by-certificate} then enrols
 * a device whose certificate's CN is its id from its first signed batch. It is a reference, not a fleet's
 * production backend ({@code docs/collector-api.md}). Exit status: 0 done (with {@code --report}: every chain
 * complete), 1 a failure or an incomplete chain, 2 a usage error; every error is one line on standard error.
 */
@Command(name = "collector", mixinStandardHelpOptions = true,
        description = "Run the reference collector for uploaded entry logs.",
        subcommands = {CollectorEnrollCommand.class, CollectorAuthorityCommands.Keygen.class,
                CollectorAuthorityCommands.AssignSite.class, CollectorExportCommand.class,
                CollectorAuthorityCommands.ExportLog.class})
public final class CollectorCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to serve HTTP on, e.g. 0.0.0.0:8440.")
    private String listen;

    @Option(names = "--db", paramLabel = "FILE", description = "The collector's SQLite file (required).")
    private Path db;

    @Option(names = "--device-key", paramLabel = "ID=FILE", description = "Enrol a device's public key (PEM, from"
            + " 'passgate log pubkey'), as 'collector enroll' does.")
    private Map<String, Path> deviceKeys = Map.of();

    @Option(names = "--tofu", description = "Trust on first use: pin an unknown device's key from its first signed"
            + " batch (logged). Off by default: only enrolled devices are stored.")
    private boolean trustOnFirstUse;

    @Option(names = "--max-request-bytes", paramLabel = "N", description = "Largest request body on the wire"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "" + CollectorLimits.DEFAULT_MAX_COMPRESSED)
    private int maxRequestBytes;

    @Option(names = "--max-inflated-bytes", paramLabel = "N", description = "Largest batch once inflated"
            + " (default: ${DEFAULT-VALUE}).", defaultValue = "" + CollectorLimits.DEFAULT_MAX_INFLATED)
    private int maxInflatedBytes;

    @Option(names = "--max-concurrent", paramLabel = "N", description = "Batches read and stored at a time; more"
            + " get 429 (default: ${DEFAULT-VALUE}).", defaultValue = "" + CollectorLimits.DEFAULT_MAX_CONCURRENT)
    private int maxConcurrent;

    @Option(names = "--body-timeout", paramLabel = "SECONDS", description = "Cut a request whose body has not"
            + " arrived after this long (default: ${DEFAULT-VALUE}).", defaultValue = "30")
    private int bodyTimeoutSeconds;

    @Option(names = "--mqtt", paramLabel = "URL",
            description = "Also take batches from an MQTT broker (mqtt://HOST:PORT).")
    private URI mqtt;

    @Option(names = "--mqtt-topic", paramLabel = "PREFIX", defaultValue = "passgate/entries",
            description = "Topic prefix the kiosks publish under (default: ${DEFAULT-VALUE}).")
    private String mqttTopic;

    @Option(names = "--mqtt-share", paramLabel = "GROUP", description = "Subscribe as a member of this shared group.")
    private String mqttShare;

    @Option(names = "--report", description = "Print each device's report as a JSON line and exit.")
    private boolean report;

    @Option(names = "--tls-cert", paramLabel = "FILE", description = "Serve HTTPS with this certificate chain (PEM,"
            + " leaf first); needs --tls-key and --client-ca.")
    private Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "FILE", description = "The private key of --tls-cert (unencrypted"
            + " PKCS#8 PEM).")
    private Path tlsKey;

    @Option(names = "--client-ca", paramLabel = "FILE", description = "Require a client certificate issued under"
            + " these CA certificates (PEM): mutual TLS.")
    private Path clientCa;

    @Option(names = "--enrol-by-certificate", description = "Enrol an unknown device from its first signed batch"
            + " when its client certificate's CN is its device id; refuse a batch whose certificate names another"
            + " device (certificate_mismatch). Needs the TLS options.")
    private boolean enrolByCertificate;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (db == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--db is required");
        }
        if (!report && listen == null && mqtt == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen, --mqtt or --report is required");
        }
        Path parent = db.toAbsolutePath().getParent();
        if (report ? !Files.isRegularFile(db) : parent != null && !Files.isDirectory(parent)) {
            err.println("passgate collector: --db " + (report ? db + ": no such file (--report reads an existing "
                    + "collector database)" : parent + ": no such directory (it is never created)"));
            return 1;
        }
        CollectorLimits limits = limits();
        Optional<SSLContext> tls;
        try {
            tls = tls();
        } catch (IOException e) {
            err.println("passgate collector: " + oneLine(e));
            return 1;
        }
        if (trustOnFirstUse) {
            err.println("passgate collector: trust on first use is on: an unknown device id is pinned to the key of"
                    + " its first signed batch");
            err.flush();
        }
        try (CollectorStore store = CollectorStore.open(db, Clock.systemUTC(), trustOnFirstUse,
                enrolByCertificate)) {
            for (Map.Entry<String, Path> pin : deviceKeys.entrySet()) {
                store.enroll(CollectorEnrollCommand.deviceId(spec, pin.getKey()),
                        DeviceKey.readPublicKey(pin.getValue()).getEncoded());
            }
            if (report) {
                boolean complete = true;
                for (DeviceReport device : store.report()) {
                    out.println(device.toJson().ToJSONString());
                    complete &= device.complete();
                }
                out.flush();
                return complete ? 0 : 1;
            }
            return serve(store, limits, tls, out, err);
        } catch (IOException | RuntimeException e) {
            if (e instanceof CommandLine.ParameterException usage) {
                throw usage;
            }
            err.println("passgate collector: " + oneLine(e));
            return 1;
        }
    }

    private CollectorLimits limits() {
        try {
            return new CollectorLimits(maxRequestBytes, maxInflatedBytes, maxConcurrent,
                    Duration.ofSeconds(bodyTimeoutSeconds), CollectorLimits.DEFAULT_RETRY_AFTER);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The HTTPS context of the TLS options, when they are given; a usage error when only some are. */
    private Optional<SSLContext> tls() throws IOException {
        boolean any = tlsCert != null || tlsKey != null || clientCa != null;
        if (any && (tlsCert == null || tlsKey == null || clientCa == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tls-cert, --tls-key and --client-ca go"
                    + " together: found only " + ((tlsCert != null ? "--tls-cert " : "") + (tlsKey != null
                    ? "--tls-key " : "") + (clientCa != null ? "--client-ca" : "")).strip());
        }
        if (enrolByCertificate && !any) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--enrol-by-certificate needs --tls-cert,"
                    + " --tls-key and --client-ca (client certificates come only over mutual TLS)");
        }
        if (any && listen == null && !report) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--tls-cert, --tls-key and --client-ca"
                    + " secure --listen; they do nothing for --mqtt alone");
        }
        return any && !report ? Optional.of(CollectorTls.load(tlsCert, tlsKey, clientCa)) : Optional.empty();
    }

    /** An exception as one line: what went wrong with which file, or its message, or its type. */
    static String oneLine(Exception e) {
        String message = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName()
                : e.getMessage();
        if (e instanceof NoSuchFileException) {
            message = "no such file or folder: " + message;
        } else if (e instanceof AccessDeniedException) {
            message = "access denied: " + message;
        } else if (e instanceof FileSystemException problem && problem.getReason() == null) {
            message = "cannot use " + message;
        }
        return message.replace('\n', ' ').replace('\r', ' ');
    }

    private int serve(CollectorStore store, CollectorLimits limits, Optional<SSLContext> tls, PrintWriter out,
                      PrintWriter err)
            throws IOException, InterruptedException {
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "passgate-collector-stop"));
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon < 1 || !listen.substring(colon + 1).matches("[0-9]{1,5}")
                    || Integer.parseInt(listen.substring(colon + 1)) > 65_535) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen: found '" + listen
                        + "', expected HOST:PORT");
            }
            InetSocketAddress address = new InetSocketAddress(listen.substring(0, colon),
                    Integer.parseInt(listen.substring(colon + 1)));
            if (address.isUnresolved()) {
                throw new IOException("--listen: cannot resolve the host of '" + listen + "'");
            }
            CollectorServer server;
            try {
                server = tls.isPresent()
                        ? CollectorServer.start(address, store, CollectorServer.NONE, tls.get(), limits)
                        : CollectorServer.start(address, store, CollectorServer.NONE, limits);
            } catch (BindException e) {
                throw new IOException("--listen " + listen + ": " + oneLine(e), e);
            }
            running.add(server);
            out.println("collector: " + (tls.isPresent() ? "https" : "http") + "://" + listen.substring(0, colon)
                    + ":" + server.address().getPort()
                    + CollectorServer.BATCHES + " (reports at " + CollectorServer.DEVICES + "), store " + store.file());
        }
        if (mqtt != null) {
            running.add(MqttIngest.start(mqtt, mqttTopic, Optional.ofNullable(mqttShare), "passgate-collector",
                    Duration.ofDays(7), store, limits));
            out.println("collector: subscribed at " + mqtt + " to " + mqttTopic + "/+");
        }
        out.flush();
        stop.await();
        for (AutoCloseable part : running) {
            try {
                part.close();
            } catch (Exception e) {
                err.println("passgate collector: stopping failed: " + e.getMessage());
            }
        }
        return 0;
    }
}
