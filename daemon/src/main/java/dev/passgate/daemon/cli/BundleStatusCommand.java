package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.trust.BundleException;
import dev.passgate.daemon.trust.TrustLoading;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.trust.TrustStatus;
import dev.passgate.daemon.verify.TrustStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate bundle status [--config FILE]}: one JSON line about the installed bundle: {@code file},
 * {@code trust} (state, version, age, override end, as in {@code verify} answers), {@code issuedAt},
 * {@code validUntil}, {@code effect} ({@code ADMIT}, {@code CONFIRM}, {@code REFUSE}) and {@code reason}. Exit 0
 * when passes are admitted, 1 when they are not (for monitoring), 2 for a usage error or an unusable bundle.
 */
@Command(name = "status", description = "Show the installed trust bundle and its staleness.")
public final class BundleStatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = BundleCommand.DEFAULT_CONFIG,
            description = "The kiosk's configuration (default: ${DEFAULT-VALUE}).")
    private Path configFile;

    private Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        PassgateConfig config = BundleCommand.managedConfig(cli, configFile);
        TrustSnapshot snapshot;
        try {
            snapshot = TrustLoading.load(config.trust(), TrustStore.empty(), Optional.empty(), List.of());
        } catch (BundleException e) {
            throw new CommandLine.ParameterException(cli, "the installed bundle is not usable: " + e.getMessage());
        }
        Instant now = clock.instant();
        TrustStatus status = snapshot.status(now).orElseThrow();
        CBORObject json = CBORObject.NewOrderedMap().Add("file", config.trust().bundleFile().toString())
                .Add("trust", status.toJson());
        snapshot.bundle().ifPresent(b -> json.Add("issuedAt", b.issuedAt().toString())
                .Add("validUntil", b.validUntil().toString()));
        json.Add("effect", status.effect().name()).Add("reason", status.reason());
        cli.getOut().println(json.ToJSONString());
        return status.effect() == TrustStatus.Effect.ADMIT ? 0 : 1;
    }

    /** For tests: the clock staleness is judged by. */
    void useClock(Clock testClock) {
        this.clock = testClock;
    }
}
