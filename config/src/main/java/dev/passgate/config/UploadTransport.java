package dev.passgate.config;

/** How the entry log is uploaded: {@code upload.transport}. */
public enum UploadTransport {
    /** POST of gzip JSON lines to the collector's URL (https, or http on a loopback host). */
    HTTP,
    /** MQTT 5 publish with QoS 1 to a broker ({@code mqtts://}, or {@code mqtt://} on a loopback host). */
    MQTT
}
