package dev.passgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The schema of {@code [upload]} and {@code [upload.tls]}, plus the checks across keys: the URL must suit the
 * transport and be given when the upload is enabled, {@code min_backoff_ms} may not exceed {@code max_backoff_ms},
 * and client TLS material comes as a whole PEM pair or one PKCS#12 file. Like {@link TrustReader}, a check across
 * keys leaves out a key that already failed.
 */
final class UploadReader {

    private static final String SECTION = "upload";
    private static final List<String> KEYS = List.of("enabled", "transport", "url", "batch_size", "interval_ms",
            "min_backoff_ms", "max_backoff_ms", "requests_per_minute", "max_records_per_minute", "startup_spread_ms",
            "timeout_ms", "proxy", "mqtt_topic", "tls");
    private static final List<String> TLS_KEYS = List.of("ca_file", "client_cert_file", "client_key_file",
            "client_keystore_file", "client_keystore_password_file");
    private static final Pattern ANY = Pattern.compile("(?s).*");
    private static final String PATH_EXPECTED = "\"\" or a path string";

    private final TomlFields fields;
    private final Path base;

    UploadReader(TomlFields fields, Path base) {
        this.fields = fields;
        this.base = base;
    }

    UploadConfig upload() {
        fields.table(SECTION, KEYS);
        UploadConfig d = UploadConfig.DEFAULTS;
        boolean enabled = fields.bool(key("enabled"), d.enabled());
        Map<String, UploadTransport> transports = new LinkedHashMap<>();
        transports.put("http", UploadTransport.HTTP);
        transports.put("mqtt", UploadTransport.MQTT);
        UploadTransport transport = fields.choice(key("transport"), transports, d.transport());
        Optional<URI> url = url(transport);
        if (enabled && url.isEmpty()) {
            if (!fields.failed(key("url"))) {
                boolean written = fields.written(key("url"));
                fields.fail(written ? key("url") : key("enabled"), written ? "\"\"" : "true", written
                        ? UploadConfig.expectedUrl(transport) + " when upload.enabled is true"
                        : "false while upload.url is not set");
            }
            enabled = false;
        }
        int batchSize = fields.integer(key("batch_size"), UploadConfig.BATCH_SIZE_RANGE, d.batchSize());
        Duration interval = fields.millis(key("interval_ms"), UploadConfig.INTERVAL_MS_RANGE, d.interval());
        Duration minBackoff = fields.millis(key("min_backoff_ms"), UploadConfig.MIN_BACKOFF_MS_RANGE, d.minBackoff());
        Duration maxBackoff = fields.millis(key("max_backoff_ms"), UploadConfig.MAX_BACKOFF_MS_RANGE, d.maxBackoff());
        if (minBackoff.compareTo(maxBackoff) > 0 && !fields.failed(key("min_backoff_ms"))
                && !fields.failed(key("max_backoff_ms"))) {
            fields.fail(fields.written(key("min_backoff_ms")) ? key("min_backoff_ms") : key("max_backoff_ms"),
                    String.valueOf(fields.written(key("min_backoff_ms")) ? minBackoff.toMillis()
                            : maxBackoff.toMillis()),
                    fields.written(key("min_backoff_ms")) ? "at most upload.max_backoff_ms = " + maxBackoff.toMillis()
                            : "at least upload.min_backoff_ms = " + minBackoff.toMillis());
            minBackoff = d.minBackoff();
            maxBackoff = d.maxBackoff();
        }
        int requests = fields.integer(key("requests_per_minute"), UploadConfig.REQUESTS_PER_MINUTE_RANGE,
                d.requestsPerMinute());
        int records = fields.integer(key("max_records_per_minute"), UploadConfig.RECORDS_PER_MINUTE_RANGE,
                d.maxRecordsPerMinute());
        Duration spread = fields.millis(key("startup_spread_ms"), UploadConfig.STARTUP_SPREAD_MS_RANGE,
                d.startupSpread());
        Duration timeout = fields.millis(key("timeout_ms"), UploadConfig.TIMEOUT_MS_RANGE, d.timeout());
        String proxy = fields.text(key("proxy"), ANY, "\"\" or host:port", "");
        if (!proxy.isEmpty() && !UploadConfig.PROXY_PATTERN.matcher(proxy).matches()) {
            fields.fail(key("proxy"), TomlFields.quoted(proxy), "\"\" or host:port");
            proxy = "";
        }
        String topic = fields.text(key("mqtt_topic"), UploadConfig.MQTT_TOPIC_PATTERN,
                "topic levels separated by /, without wildcards, spaces or a leading or trailing /", d.mqttTopic());
        return new UploadConfig(enabled, transport, url, batchSize, interval, minBackoff, maxBackoff, requests,
                records, spread, timeout, proxy.isEmpty() ? Optional.empty() : Optional.of(proxy), topic, tls());
    }

    private UploadTlsConfig tls() {
        String section = key("tls");
        fields.table(section, TLS_KEYS);
        Optional<Path> ca = optionalPath(section + ".ca_file");
        Optional<Path> cert = optionalPath(section + ".client_cert_file");
        Optional<Path> privateKey = optionalPath(section + ".client_key_file");
        Optional<Path> pkcs12 = optionalPath(section + ".client_keystore_file");
        Optional<Path> password = optionalPath(section + ".client_keystore_password_file");
        if (cert.isPresent() != privateKey.isPresent()) {
            String missing = cert.isPresent() ? section + ".client_key_file" : section + ".client_cert_file";
            String other = cert.isPresent() ? section + ".client_cert_file" : section + ".client_key_file";
            fields.fail(other, "a path without " + missing, "both or neither");
            cert = Optional.empty();
            privateKey = Optional.empty();
        }
        if (cert.isPresent() && pkcs12.isPresent()) {
            fields.fail(section + ".client_keystore_file", "a path", "\"\" when client_cert_file is set");
            pkcs12 = Optional.empty();
        }
        return new UploadTlsConfig(ca, cert, privateKey, pkcs12, password);
    }

    private Optional<URI> url(UploadTransport transport) {
        String expected = "\"\" or " + UploadConfig.expectedUrl(transport);
        String text = fields.text(key("url"), ANY, expected, "");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI url = new URI(text);
            if (UploadConfig.acceptableUrl(transport, url)) {
                return Optional.of(url);
            }
        } catch (URISyntaxException e) {
            // Reported below like any other unacceptable URL.
        }
        fields.fail(key("url"), TomlFields.quoted(text), expected);
        return Optional.empty();
    }

    private Optional<Path> optionalPath(String key) {
        String text = fields.text(key, ANY, PATH_EXPECTED, "");
        return text.isEmpty() ? Optional.empty() : Optional.of(base.resolve(text));
    }

    private static String key(String name) {
        return SECTION + "." + name;
    }
}
