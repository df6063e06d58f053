package dev.passgate.daemon.site;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.cli.ChildDaemon;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.hal.serial.SocatPair;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * One kiosk of a site test: {@code passgate run --config FILE} in a child JVM, its serial reader, and its log
 * lines (the site window's receipts at debug level), read as a technician would.
 */
final class SiteKiosk {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private final ChildDaemon daemon;
    private final Path config;
    private final SocatPair reader;

    private SiteKiosk(ChildDaemon daemon, Path config, SocatPair reader) {
        this.daemon = daemon;
        this.config = config;
        this.reader = reader;
    }

    static SiteKiosk start(Path dir, Path config, SocatPair reader) throws IOException {
        return new SiteKiosk(ChildDaemon.start(dir, config, WAIT, List.of(),
                "level@dev.passgate.daemon.app.SiteWiring = debug\n"), config, reader);
    }

    /** Scans one code through the serial reader and returns the daemon's "FORMAT VERDICT" for it. */
    String scan(String text) throws Exception {
        return daemon.scan(reader, text);
    }

    /** {@code passgate status --json} of this kiosk, over its control socket. */
    CBORObject status() {
        CliRun status = CliRun.main("status", "--config", config.toString(), "--json");
        assertThat(status.exitCode()).as(status.err()).isIn(0, 1);
        return CBORObject.FromJSONString(status.out().strip());
    }

    String awaitLine(String needle) throws InterruptedException {
        return daemon.awaitLine(needle);
    }

    /** Stops the daemon as systemd does (SIGTERM) and waits for it to end. */
    void stop() {
        try {
            daemon.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
