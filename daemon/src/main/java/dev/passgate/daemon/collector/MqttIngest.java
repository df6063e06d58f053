package dev.passgate.daemon.collector;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import dev.passgate.daemon.upload.WireFormat;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.tinylog.Logger;

/**
 * The reference collector's MQTT side: a persistent MQTT 5 session (clean start off, the given session expiry)
 * subscribed with QoS 1 to {@code <topic prefix>/+}, or to {@code $share/<group>/<topic prefix>/+} so that several
 * collectors share the load. Each message is a {@link WireFormat} batch; it is committed to the
 * {@link CollectorStore} and only then acknowledged (manual PUBACK), so a collector that dies before the commit gets
 * the message again from the broker. A message that is not a batch, or that the store refuses (the same
 * {@link Refusal}s as over HTTP: an unenrolled device, a missing or foreign key or signature, a batch that does not
 * link), is logged with its reason and acknowledged, since sending it again would not change it. A message larger
 * than the {@link CollectorLimits} compressed size is refused by the client before it is read (maximum packet
 * size), and one inflating past the limit is dropped after the limit. Plain {@code mqtt://} only; put a
 * TLS-terminating broker listener in front for anything but a test.
 */
public final class MqttIngest implements AutoCloseable {
    private final Mqtt5AsyncClient client;
    private final CollectorStore store;
    private final CollectorLimits limits;
    private final AtomicLong batches = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();

    private MqttIngest(Mqtt5AsyncClient client, CollectorStore store, CollectorLimits limits) {
        this.client = client;
        this.store = store;
        this.limits = limits;
    }

    /** Connects, resuming the session of {@code clientId}, and subscribes. */
    public static MqttIngest start(URI broker, String topicPrefix, Optional<String> shareGroup, String clientId,
                                   Duration sessionExpiry, CollectorStore store) throws IOException {
        return start(broker, topicPrefix, shareGroup, clientId, sessionExpiry, store, CollectorLimits.defaults());
    }

    /** Connects, resuming the session of {@code clientId}, and subscribes, taking messages within {@code limits}. */
    public static MqttIngest start(URI broker, String topicPrefix, Optional<String> shareGroup, String clientId,
                                   Duration sessionExpiry, CollectorStore store, CollectorLimits limits)
            throws IOException {
        Mqtt5AsyncClient client = MqttClient.builder().useMqttVersion5().identifier(clientId)
                .serverHost(broker.getHost()).serverPort(broker.getPort() > 0 ? broker.getPort() : 1883).buildAsync();
        MqttIngest ingest = new MqttIngest(client, store, limits);
        client.publishes(MqttGlobalPublishFilter.ALL, ingest::take, true);
        String filter = shareGroup.map(g -> "$share/" + g + "/").orElse("") + topicPrefix + "/+";
        try {
            client.connectWith().restrictions().maximumPacketSize(limits.maxCompressedBytes() + 65_536)
                    .applyRestrictions().cleanStart(false).sessionExpiryInterval(sessionExpiry.toSeconds()).send()
                    .get(30, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e;
            while (cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw new IOException("cannot subscribe to " + filter + " at " + broker + ": " + cause.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while subscribing", e);
        }
        Logger.info("collector: subscribed to {} at {}", filter, broker);
        return ingest;
    }

    private void take(Mqtt5Publish publish) {
        BoundedBody.Read body = BoundedBody.inflate(publish.getPayloadAsBytes(), limits);
        WireFormat.Parsed parsed = body.bytes().map(WireFormat::parse)
                .orElse(new WireFormat.Parsed(null, body.refusal().map(Refusal::detail).orElse("")));
        if (!parsed.ok()) {
            refused.incrementAndGet();
            Logger.warn("collector: a message on {} is not a batch: {}", publish.getTopic(), parsed.problem());
            publish.acknowledge();
            return;
        }
        try {
            CollectorStore.Ingested ingested = store.ingest(parsed);
            if (ingested.answer().isEmpty()) {
                refused.incrementAndGet();
                Refusal refusal = ingested.refusal().orElseThrow();
                Logger.warn("collector: refused a batch on {}: {}: {}", publish.getTopic(), refusal.error(),
                        refusal.detail());
            }
            batches.incrementAndGet();
            publish.acknowledge();
        } catch (IOException e) {
            Logger.error("collector: cannot store a batch from {}, not acknowledged: {}", publish.getTopic(),
                    e.getMessage());
        }
    }

    /** How many batches were committed so far. */
    public long batches() {
        return batches.get();
    }

    /** How many messages were refused (not a batch, or refused by the store) so far. */
    public long refused() {
        return refused.get();
    }

    @Override
    public void close() {
        if (client.getState().isConnectedOrReconnect()) {
            client.disconnect();
        }
    }
}
