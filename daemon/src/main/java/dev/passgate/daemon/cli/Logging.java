package dev.passgate.daemon.cli;

import org.tinylog.configuration.Configuration;

/** Sets tinylog's level before the first log line is written; later changes are ignored by tinylog. */
final class Logging {
    private Logging() {
    }

    static void setLevel(String level) {
        if (!Configuration.isFrozen()) {
            Configuration.set("level", level);
        }
    }
}
