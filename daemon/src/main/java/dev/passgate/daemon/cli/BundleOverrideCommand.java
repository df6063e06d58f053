package dev.passgate.daemon.cli;

import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.trust.TrustOverride;
import dev.passgate.daemon.verify.Instants;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import org.tinylog.Logger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate bundle override --until INSTANT --reason TEXT [--config FILE]}, or {@code --clear}: a technician
 * lets a kiosk whose trust data expired keep admitting passes that check out until INSTANT, at most
 * {@link TrustOverride#MAX_DURATION} ahead. The override is written beside the bundle, logged here and again by
 * the daemon when it picks it up, and shown in {@code verify} answers. It does not make trust data fresh.
 */
@Command(name = "override", description = "Let an expired kiosk keep verifying for a bounded time (or --clear).")
public final class BundleOverrideCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Option(names = "--until", paramLabel = "INSTANT", description = "When the override ends (at most 72 h ahead).")
    private String until;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why, for the log (no personal data).")
    private String reason;

    @Option(names = "--clear", description = "Remove the override.")
    private boolean clear;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = BundleCommand.DEFAULT_CONFIG,
            description = "The kiosk's configuration (default: ${DEFAULT-VALUE}).")
    private Path configFile;

    private Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        PassgateConfig config = BundleCommand.managedConfig(cli, configFile);
        Path file = TrustOverride.fileFor(config.trust().bundleFile());
        if (clear) {
            boolean existed = Files.deleteIfExists(file);
            Logger.warn("technician override cleared ({})", existed ? "there was one" : "there was none");
            cli.getOut().println(existed ? "override removed: " + file : "there was no override");
            return 0;
        }
        if (until == null || reason == null) {
            throw new CommandLine.ParameterException(cli, "--until and --reason are required (or --clear)");
        }
        Instant now = clock.instant();
        Instant end = Instants.parse(until).orElseThrow(() -> new CommandLine.ParameterException(cli,
                "--until: found '" + until + "', expected an ISO-8601 instant"));
        if (!end.isAfter(now) || end.isAfter(now.plus(TrustOverride.MAX_DURATION))) {
            throw new CommandLine.ParameterException(cli, "--until: found " + end + ", expected an instant after "
                    + now + " and at most " + TrustOverride.MAX_DURATION.toHours() + " h later");
        }
        TrustOverride override;
        try {
            override = new TrustOverride(now, end, reason.strip());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(cli, "--reason: found " + reason.strip().length()
                    + " characters, expected 1.." + TrustOverride.MAX_REASON_LENGTH + " printable ones");
        }
        override.write(file);
        Logger.warn("technician override set until {}: {}", end, override.reason());
        cli.getOut().println("override set until " + end + " in " + file + "; the kiosk keeps verifying until then "
                + "even if its trust data is expired");
        return 0;
    }

    /** For tests: the clock that gives the override's start. */
    void useClock(Clock testClock) {
        this.clock = testClock;
    }
}
