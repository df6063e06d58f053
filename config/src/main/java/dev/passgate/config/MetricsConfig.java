package dev.passgate.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus metrics: {@code [metrics]} in the file. Off by default. When {@code enabled}, the daemon serves
 * {@code GET /metrics} in the Prometheus text format on {@code host:port}. The host must be a loopback address
 * ({@code 127.0.0.0/8}, {@code localhost} or {@code ::1}): the endpoint has no authentication, so it is never
 * offered to the network; a scraper on another machine goes through an SSH tunnel or a local agent.
 */
public record MetricsConfig(boolean enabled, String host, int port) {

    private static final Pattern LISTEN = Pattern.compile("(\\[::1]|[A-Za-z0-9.]+):([0-9]{1,5})");
    private static final Pattern LOOPBACK_V4 = Pattern.compile("127\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])"
            + "(\\.(25[0-5]|2[0-4][0-9]|1?[0-9]?[0-9])){2}");

    /** The accepted ports. */
    public static final IntRange PORT_RANGE = new IntRange(1, 65_535);
    /** What {@code listen} looks like when the file names none. */
    public static final String DEFAULT_LISTEN = "127.0.0.1:9464";
    /** The metrics section with every value at its default: off, on 127.0.0.1:9464. */
    public static final MetricsConfig DEFAULTS = new MetricsConfig(false, "127.0.0.1", 9464);
    /** How {@code listen} is described in errors. */
    static final String LISTEN_EXPECTED = "\"HOST:PORT\" with a loopback host (127.0.0.1, localhost, [::1]) and a"
            + " port in " + PORT_RANGE;

    /** Rejects a missing or non-loopback host or a port out of range. */
    public MetricsConfig {
        Objects.requireNonNull(host, "host");
        if (!loopback(host)) {
            throw new IllegalArgumentException("host: found \"" + host + "\", expected a loopback host");
        }
        PORT_RANGE.check("port", port);
    }

    /** {@code host:port} as written in the file ({@code [::1]:port} for IPv6). */
    public String listen() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /**
     * The section for a {@code listen} value, or null when the value is not a loopback {@code HOST:PORT}; the
     * IPv6 loopback is kept as {@code ::1} and {@code localhost} in lower case.
     */
    static MetricsConfig parse(boolean enabled, String listen) {
        Matcher parts = LISTEN.matcher(listen);
        if (!parts.matches()) {
            return null;
        }
        String host = parts.group(1).equals("[::1]") ? "::1" : parts.group(1).toLowerCase(Locale.ROOT);
        long port = Long.parseLong(parts.group(2));
        if (!loopback(host) || !PORT_RANGE.contains(port)) {
            return null;
        }
        return new MetricsConfig(enabled, host, (int) port);
    }

    private static boolean loopback(String host) {
        return host.equals("localhost") || host.equals("::1") || LOOPBACK_V4.matcher(host).matches();
    }
}
