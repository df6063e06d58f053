package dev.passgate.daemon.app;

import java.util.Optional;

/**
 * A liveness check of one critical loop, run by the service watchdog ({@code service.Watchdog}). It answers
 * empty when the loop is healthy, else a short description of what is stuck. A probe may block when its loop is
 * hung (for example on the entry log's lock): the watchdog then stops petting systemd, which is the intended
 * outcome.
 */
@FunctionalInterface
public interface Probe {
    Optional<String> problem();
}
