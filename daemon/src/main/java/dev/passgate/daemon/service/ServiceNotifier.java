package dev.passgate.daemon.service;

import java.util.Map;

/**
 * Tells the service manager about the daemon's state with sd_notify assignments ({@code READY=1},
 * {@code STATUS=...}, {@code WATCHDOG=1}, {@code RELOADING=1}, {@code STOPPING=1}). Outside systemd (no
 * {@code NOTIFY_SOCKET}) nothing is sent. Sending never throws: a failure is logged and the daemon goes on.
 */
public interface ServiceNotifier {
    ServiceNotifier NONE = assignments -> { };

    void notify(String... assignments);

    /** The notifier for this process's environment: systemd's socket when {@code NOTIFY_SOCKET} is set. */
    static ServiceNotifier fromEnvironment(Map<String, String> env) {
        String socket = env.get("NOTIFY_SOCKET");
        return socket == null || socket.isBlank() ? NONE : new SystemdNotifier(socket);
    }
}
