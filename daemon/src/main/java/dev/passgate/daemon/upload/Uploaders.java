package dev.passgate.daemon.upload;

import dev.passgate.config.UploadConfig;
import dev.passgate.config.UploadTransport;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.hal.ExecutorDelays;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.function.LongSupplier;

/** Builds the uploader the configuration describes, on a thread of its own, for the composition root. */
public final class Uploaders {
    private Uploaders() {
    }

    /**
     * The uploader for {@code config} (which must be enabled), sending {@code log}'s rows signed by the checkpoint key
     * in {@code signingKeyFile} (with its public half) when that file exists. Not started.
     */
    public static Uploader create(UploadConfig config, EntryLog log, Path signingKeyFile, Clock clock,
                                  LongSupplier monotonic) throws IOException {
        if (!config.enabled() || config.url().isEmpty()) {
            throw new IllegalArgumentException("upload: expected an enabled upload with a URL");
        }
        Optional<DeviceKey> key = Files.isRegularFile(signingKeyFile)
                ? Optional.of(DeviceKey.read(signingKeyFile)) : Optional.empty();
        TlsMaterial tls = TlsMaterial.load(config.tls());
        URI url = config.url().get();
        Transport transport = config.transport() == UploadTransport.HTTP
                ? new HttpTransport(url, config.timeout(), url.getScheme().equalsIgnoreCase("https")
                        ? Optional.of(tls.sslContext()) : Optional.empty(), config.proxy())
                : new MqttTransport(url, config.mqttTopic(), log.deviceId(), config.timeout(), Optional.of(tls));
        SecureRandom random = new SecureRandom();
        ExecutorDelays thread = new ExecutorDelays("passgate-upload");
        return new Uploader(log, key, transport, new UploadSchedule(UploadSchedule.Settings.of(config),
                random::nextDouble), thread, monotonic, clock, Optional.of(thread));
    }
}
