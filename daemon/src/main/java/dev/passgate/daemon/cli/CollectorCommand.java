package dev.passgate.daemon.cli;

import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.collector.DeviceReport;
import dev.passgate.daemon.collector.MqttIngest;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate collector}: the reference collector, for field tests and for this project's own tests. It stores
 * uploaded entry-log records in a SQLite file, deduplicated on (device id, sequence), verifies each device's chain
 * and checkpoints and reports gaps. With {@code --report} it prints one JSON line per device and exits (0 when every
 * device's chain is complete and verified, else 1); otherwise it serves {@code POST /v1/batches} and
 * {@code GET /v1/devices} until it is stopped. It is a reference, not a fleet's production backend
 * ({@code docs/collector-api.md}).
 */
@Command(name = "collector", description = "Run the reference collector for uploaded entry logs.",
        subcommands = {CollectorAuthorityCommands.Keygen.class, CollectorAuthorityCommands.AssignSite.class,
                CollectorExportCommand.class, CollectorAuthorityCommands.ExportLog.class})
public final class CollectorCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to serve HTTP on, e.g. 0.0.0.0:8440.")
    private String listen;

    @Option(names = "--db", paramLabel = "FILE", description = "The collector's SQLite file (required).")
    private Path db;

    @Option(names = "--device-key", paramLabel = "ID=FILE", description = "Pin a device's public key (PEM, from"
            + " 'passgate log pubkey'); otherwise the first key a device sends is pinned.")
    private Map<String, Path> deviceKeys = Map.of();

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

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (db == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "Missing required option: '--db=FILE'");
        }
        if (!report && listen == null && mqtt == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--listen, --mqtt or --report is required");
        }
        try (CollectorStore store = CollectorStore.open(db, Clock.systemUTC())) {
            for (Map.Entry<String, Path> pin : deviceKeys.entrySet()) {
                store.pinKey(pin.getKey(), DeviceKey.readPublicKey(pin.getValue()).getEncoded());
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
            return serve(store, out, err);
        } catch (IOException e) {
            err.println("passgate collector: " + e.getMessage());
            return 1;
        }
    }

    private int serve(CollectorStore store, PrintWriter out, PrintWriter err) throws IOException, InterruptedException {
        List<AutoCloseable> running = new ArrayList<>();
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "passgate-collector-stop"));
        if (listen != null) {
            int colon = listen.lastIndexOf(':');
            if (colon < 1 || !listen.substring(colon + 1).matches("[0-9]{1,5}")) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--listen: found '" + listen
                        + "', expected HOST:PORT");
            }
            CollectorServer server = CollectorServer.start(new InetSocketAddress(listen.substring(0, colon),
                    Integer.parseInt(listen.substring(colon + 1))), store, CollectorServer.NONE);
            running.add(server);
            out.println("collector: http://" + listen.substring(0, colon) + ":" + server.address().getPort()
                    + CollectorServer.BATCHES + " (reports at " + CollectorServer.DEVICES + "), store " + store.file());
        }
        if (mqtt != null) {
            running.add(MqttIngest.start(mqtt, mqttTopic, Optional.ofNullable(mqttShare), "passgate-collector",
                    Duration.ofDays(7), store));
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
