package dev.passgate.daemon.upload;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttClientSslConfig;
import com.hivemq.client.mqtt.MqttClientSslConfigBuilder;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5PublishResult;
import com.hivemq.client.mqtt.mqtt5.message.publish.puback.Mqtt5PubAckReasonCode;
import dev.passgate.daemon.audit.ChainRecord;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The MQTT 5 transport (HiveMQ client): one PUBLISH with QoS 1 per batch, to {@code <topic prefix>/<device id>},
 * payload the same gzip JSON lines as over HTTP ({@link WireFormat}), content type
 * {@code application/x-ndjson+gzip}, user property {@code passgate-protocol = 1}.
 *
 * <p>Acknowledgement: <b>PUBACK semantics</b>. A PUBACK with reason code 0 (Success) means the broker has taken
 * responsibility for the message, and every record of the batch is then marked uploaded. A PUBACK with 16 (No
 * matching subscribers) means nobody will receive it: the batch counts as refused and is sent again later. Any
 * other reason code is refused; no PUBACK within the timeout, or a lost connection, is a failure. So a record is
 * only as safe as the broker keeps it: the fleet's collectors must hold a persistent session (clean start off,
 * a session expiry long enough to cover their outages) subscribed with QoS 1, and acknowledge each message only
 * after committing it, as the reference collector does ({@code passgate collector --mqtt}). The client connects on
 * the first send and after a lost connection, with clean start and no session state of its own: whatever was in
 * flight is simply sent again. The client identifier is {@code passgate-<device id>}, so two kiosks must never
 * share a device id.
 */
public final class MqttTransport implements Transport {
    public static final String CONTENT_TYPE = "application/x-ndjson+gzip";
    private static final int DEFAULT_PORT = 1883;
    private static final int DEFAULT_TLS_PORT = 8883;

    private final URI url;
    private final String topic;
    private final Duration timeout;
    private final Mqtt5AsyncClient client;

    public MqttTransport(URI url, String topicPrefix, String deviceId, Duration timeout, Optional<TlsMaterial> tls) {
        this.url = url;
        this.topic = topicPrefix + "/" + deviceId;
        this.timeout = timeout;
        boolean secure = url.getScheme().toLowerCase(Locale.ROOT).equals("mqtts");
        Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5().identifier("passgate-" + deviceId)
                .serverHost(url.getHost()).serverPort(url.getPort() > 0 ? url.getPort()
                        : secure ? DEFAULT_TLS_PORT : DEFAULT_PORT);
        if (secure) {
            MqttClientSslConfigBuilder ssl = MqttClientSslConfig.builder();
            tls.flatMap(TlsMaterial::keyManagers).ifPresent(ssl::keyManagerFactory);
            tls.flatMap(TlsMaterial::trustManagers).ifPresent(ssl::trustManagerFactory);
            builder = builder.sslConfig(ssl.build());
        }
        this.client = builder.buildAsync();
    }

    @Override
    public Delivery send(UploadBatch batch) {
        try {
            if (!client.getState().isConnected()) {
                client.connectWith().cleanStart(true).keepAlive((int) Math.max(10, timeout.toSeconds())).send()
                        .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            }
            Mqtt5Publish publish = Mqtt5Publish.builder().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(WireFormat.encode(batch)).contentType(CONTENT_TYPE)
                    .userProperties().add("passgate-protocol", Integer.toString(WireFormat.PROTOCOL))
                    .applyUserProperties().build();
            Mqtt5PublishResult result = client.publish(publish).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (result.getError().isPresent()) {
                return new Delivery.Failed("publish to " + topic + " failed: " + result.getError().get());
            }
            Mqtt5PubAckReasonCode code = ((Mqtt5PublishResult.Mqtt5Qos1Result) result).getPubAck().getReasonCode();
            if (code != Mqtt5PubAckReasonCode.SUCCESS) {
                return new Delivery.Refused(code.getCode(), "the broker answered " + code + " for " + topic,
                        Optional.empty());
            }
            return new Delivery.Answered(allStored(batch));
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            disconnect();
            return new Delivery.Failed("MQTT " + url.getHost() + " " + topic + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.Failed("MQTT publish interrupted");
        }
    }

    private static CollectorAnswer allStored(UploadBatch batch) {
        List<Long> sequences = new ArrayList<>();
        for (ChainRecord record : batch.records()) {
            sequences.add(record.sequence());
        }
        return new CollectorAnswer(SequenceRange.cover(batch.deviceId(), sequences), batch.checkpoints().size(), 0,
                0);
    }

    private void disconnect() {
        if (client.getState().isConnectedOrReconnect()) {
            client.disconnect();
        }
    }

    @Override
    public String describe() {
        return "mqtt " + url.getScheme() + "://" + url.getHost() + (url.getPort() > 0 ? ":" + url.getPort() : "")
                + " topic " + topic;
    }

    @Override
    public void close() {
        disconnect();
    }
}
