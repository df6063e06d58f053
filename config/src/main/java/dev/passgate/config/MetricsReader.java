package dev.passgate.config;

import java.util.List;

/** The schema of {@code [metrics]}: whether the endpoint is on, and the loopback address it listens on. */
final class MetricsReader {

    private final TomlFields fields;

    MetricsReader(TomlFields fields) {
        this.fields = fields;
    }

    MetricsConfig metrics() {
        fields.table("metrics", List.of("enabled", "listen"));
        MetricsConfig defaults = MetricsConfig.DEFAULTS;
        boolean enabled = fields.bool("metrics.enabled", defaults.enabled());
        String listen = fields.text("metrics.listen", TomlFields.NON_EMPTY, MetricsConfig.LISTEN_EXPECTED,
                MetricsConfig.DEFAULT_LISTEN);
        MetricsConfig metrics = MetricsConfig.parse(enabled, listen);
        if (metrics == null) {
            fields.fail("metrics.listen", TomlFields.quoted(listen), MetricsConfig.LISTEN_EXPECTED);
            return new MetricsConfig(enabled, defaults.host(), defaults.port());
        }
        return metrics;
    }
}
