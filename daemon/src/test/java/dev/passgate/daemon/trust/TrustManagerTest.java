package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.DegradedMode;
import dev.passgate.config.ExpiredMode;
import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.ManualDelays;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustManagerTest {
    private static final Instant START = Instant.parse("2024-05-02T00:00:00Z");
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Hc1Issuer ISSUER = Hc1Issuer.create("manager test", START.minus(Duration.ofDays(9)),
            START.plus(Duration.ofDays(300)));
    private static final Hc1Issuer FILE_ISSUER = Hc1Issuer.create("from a trust file", START.minus(Duration.ofDays(9)),
            START.plus(Duration.ofDays(300)));

    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(START);
    private final ManualDelays delays = new ManualDelays();
    private final List<TrustState> states = new CopyOnWriteArrayList<>();
    private final List<String> fed = new CopyOnWriteArrayList<>();
    private TrustConfig config;
    private BundleInstaller installer;

    @BeforeEach
    void setUp() {
        Path bundleFile = dir.resolve("trust-bundle.pgtb");
        config = new TrustConfig(List.of(java.util.Base64.getEncoder().encodeToString(ROOT.getPublic().getEncoded())),
                bundleFile, Optional.empty(), Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3),
                Duration.ofDays(7), DegradedMode.VERIFY, ExpiredMode.FAIL_CLOSED);
        installer = new BundleInstaller(bundleFile, TestBundles.pinned(ROOT), clock);
    }

    @Test
    void startsExpiredWithoutABundleThenSwapsInTheOneInstalled() throws Exception {
        TrustManager manager = manager(Optional.empty());
        manager.start();
        TrustSnapshot before = manager.snapshot();

        install(7);
        delays.advance(TrustManager.WATCH_INTERVAL);
        TrustSnapshot after = manager.snapshot();

        assertThat(before.status(clock.instant()).orElseThrow().state()).isEqualTo(TrustState.EXPIRED);
        assertThat(before.store().certificates(TrustStore.dccKeyId(ISSUER.certificate()))).isEmpty();
        assertThat(before.store().certificates(TrustStore.dccKeyId(FILE_ISSUER.certificate()))).hasSize(1);
        assertThat(after.bundle().orElseThrow().version()).isEqualTo(7);
        assertThat(after.store().certificates(TrustStore.dccKeyId(ISSUER.certificate()))).hasSize(1);
        assertThat(after.store().certificates(TrustStore.dccKeyId(FILE_ISSUER.certificate()))).hasSize(1);
        assertThat(states).containsExactly(TrustState.EXPIRED, TrustState.FRESH);
    }

    @Test
    void reportsEachStateOnceAsTheBundleAges() throws Exception {
        install(7);
        TrustManager manager = manager(Optional.empty());
        manager.start();

        for (int hour = 0; hour < 24 * 8; hour++) {
            clock.advance(Duration.ofHours(1));
            delays.advance(TrustManager.WATCH_INTERVAL);
        }

        assertThat(states).containsExactly(TrustState.FRESH, TrustState.WARN, TrustState.DEGRADED,
                TrustState.EXPIRED);
    }

    @Test
    void streamsEachNewBundlesRevocationsToTheSinkOnceAcrossRestarts() throws Exception {
        install(7);
        TrustManager first = manager(Optional.of(this::feed));
        first.start();
        delays.advance(Duration.ZERO);
        first.close();
        TrustManager restarted = manager(Optional.of(this::feed));
        restarted.start();
        delays.advance(Duration.ZERO);

        install(8);
        delays.advance(TrustManager.WATCH_INTERVAL);

        assertThat(fed).containsExactly("version 7: 5 entries, first DCC_UCI KR/AAECAwQFBgc=",
                "version 8: 5 entries, first DCC_UCI KR/AAECAwQFBgc=");
        assertThat(SyncState.read(SyncState.fileFor(config.bundleFile())).revocationVersion()).isEqualTo(8);
    }

    @Test
    void triesAFailedSinkAgainAtTheNextLook() throws Exception {
        install(7);
        List<Integer> calls = new ArrayList<>();
        TrustManager manager = manager(Optional.of((entries, version) -> {
            calls.add(calls.size());
            if (calls.size() == 1) {
                throw new java.sql.SQLException("injected: database is locked");
            }
            feed(entries, version);
        }));

        manager.start();
        assertThat(calls).as("the hand-over does not hold up the start").isEmpty();
        delays.advance(Duration.ZERO);
        assertThat(SyncState.read(SyncState.fileFor(config.bundleFile())).revocationVersion()).isZero();
        delays.advance(TrustManager.WATCH_INTERVAL);

        assertThat(calls).hasSize(2);
        assertThat(fed).hasSize(1);
        assertThat(manager.snapshot().bundle().orElseThrow().version()).isEqualTo(7);
    }

    @Test
    void keepsTheTrustInUseWhenTheInstalledFileIsDamaged() throws Exception {
        install(7);
        TrustManager manager = manager(Optional.empty());
        manager.start();

        Files.write(config.bundleFile(), "damaged".getBytes());
        delays.advance(TrustManager.WATCH_INTERVAL);

        assertThat(manager.snapshot().bundle().orElseThrow().version()).isEqualTo(7);
    }

    @Test
    void picksUpATechnicianOverride() throws Exception {
        TrustManager manager = manager(Optional.empty());
        manager.start();

        new TrustOverride(START, START.plus(Duration.ofHours(2)), "uplink down, ticket 4711")
                .write(TrustOverride.fileFor(config.bundleFile()));
        delays.advance(TrustManager.WATCH_INTERVAL);

        TrustStatus status = manager.snapshot().status(clock.instant()).orElseThrow();
        assertThat(status.state()).isEqualTo(TrustState.EXPIRED);
        assertThat(status.effect()).isEqualTo(TrustStatus.Effect.ADMIT);
        assertThat(status.override()).contains(START.plus(Duration.ofHours(2)));
    }

    private TrustManager manager(Optional<RevocationSink> sink) {
        TrustStore base = TrustStore.builder().add(FILE_ISSUER.certificate()).build();
        return new TrustManager(config, TestBundles.pinned(ROOT), base, clock, delays, sink,
                status -> states.add(status.state()));
    }

    private void install(long version) throws Exception {
        Path file = TestBundles.write(dir.resolve("offered-" + version + ".pgtb"), version, clock.instant()
                .minus(Duration.ofMinutes(1)), TestBundles.content(ISSUER), ROOT);
        assertThat(installer.install(file)).isInstanceOf(InstallResult.Installed.class);
    }

    private void feed(Iterator<RevocationEntry> entries, long version) {
        RevocationEntry first = entries.next();
        long count = 1;
        while (entries.hasNext()) {
            entries.next();
            count++;
        }
        fed.add("version " + version + ": " + count + " entries, first " + first.kind() + " " + first.scope());
    }
}
