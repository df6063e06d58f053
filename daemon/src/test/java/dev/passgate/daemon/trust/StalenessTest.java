package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.DegradedMode;
import dev.passgate.config.ExpiredMode;
import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.verify.Checks;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StalenessTest {
    private static final Instant ISSUED = Instant.parse("2024-05-01T00:00:00Z");
    private static final Duration MS = Duration.ofMillis(1);
    private static final KeyPair ROOT = RootKeys.generate();
    private static final Outcome VALID = Outcome.of(Verdict.VALID, Format.HC1, new Checks().pass("signature"),
            "signature, key usage and validity are good");

    @TempDir
    Path dir;

    @Test
    void changesStateExactlyAtEachConfiguredAge() throws Exception {
        Optional<TrustBundle> bundle = Optional.of(bundle(Duration.ofDays(30), null));
        Staleness staleness = new Staleness(config(DegradedMode.VERIFY, ExpiredMode.FAIL_CLOSED));

        assertThat(stateAt(staleness, bundle, Duration.ZERO)).isEqualTo(TrustState.FRESH);
        assertThat(stateAt(staleness, bundle, Duration.ofDays(1).minus(MS))).isEqualTo(TrustState.FRESH);
        assertThat(stateAt(staleness, bundle, Duration.ofDays(1))).isEqualTo(TrustState.WARN);
        assertThat(stateAt(staleness, bundle, Duration.ofDays(3).minus(MS))).isEqualTo(TrustState.WARN);
        assertThat(stateAt(staleness, bundle, Duration.ofDays(3))).isEqualTo(TrustState.DEGRADED);
        assertThat(stateAt(staleness, bundle, Duration.ofDays(7).minus(MS))).isEqualTo(TrustState.DEGRADED);
        assertThat(stateAt(staleness, bundle, Duration.ofDays(7))).isEqualTo(TrustState.EXPIRED);
        assertThat(stateAt(staleness, bundle, Duration.ofDays(-2))).isEqualTo(TrustState.FRESH);
    }

    @Test
    void expiresAtTheEarliestValidUntilOfBundleAndSections() throws Exception {
        Staleness staleness = new Staleness(config(DegradedMode.VERIFY, ExpiredMode.FAIL_CLOSED));
        Optional<TrustBundle> shortLived = Optional.of(bundle(Duration.ofDays(2), null));
        Optional<TrustBundle> shortSection = Optional.of(bundle(Duration.ofDays(30), Duration.ofHours(36)));

        assertThat(stateAt(staleness, shortLived, Duration.ofDays(2).minus(MS))).isEqualTo(TrustState.WARN);
        assertThat(stateAt(staleness, shortLived, Duration.ofDays(2))).isEqualTo(TrustState.EXPIRED);
        assertThat(staleness.status(shortSection, Optional.empty(), ISSUED.plus(Duration.ofHours(36))).reason())
                .isEqualTo("trust data expired: bundle version 3 passed its validUntil 2024-05-02T12:00:00Z");
    }

    @Test
    void noBundleIsExpired() {
        TrustStatus status = new Staleness(config(DegradedMode.VERIFY, ExpiredMode.FAIL_CLOSED))
                .status(Optional.empty(), Optional.empty(), ISSUED);

        assertThat(status.state()).isEqualTo(TrustState.EXPIRED);
        assertThat(status.version()).isZero();
        assertThat(status.age()).isEmpty();
        assertThat(status.toJson().ToJSONString()).isEqualTo("{\"state\":\"EXPIRED\",\"version\":0}");
    }

    @Test
    void settlesAValidOutcomeByTheConfiguredModes() throws Exception {
        Optional<TrustBundle> bundle = Optional.of(bundle(Duration.ofDays(30), null));
        TrustSnapshot failClosed = snapshot(bundle, Optional.empty(), DegradedMode.CONFIRM, ExpiredMode.FAIL_CLOSED);
        TrustSnapshot keepVerifying = snapshot(bundle, Optional.empty(), DegradedMode.VERIFY, ExpiredMode.VERIFY);

        Outcome fresh = failClosed.settle(VALID, ISSUED.plus(Duration.ofHours(2)));
        Outcome degraded = failClosed.settle(VALID, ISSUED.plus(Duration.ofDays(4)));
        Outcome expired = failClosed.settle(VALID, ISSUED.plus(Duration.ofDays(8)));

        assertThat(fresh.verdict()).isEqualTo(Verdict.VALID);
        assertThat(fresh.checks()).containsExactly(Map.entry("signature", true), Map.entry("trust", true));
        assertThat(degraded.verdict()).isEqualTo(Verdict.CONFIRM_REQUIRED);
        assertThat(degraded.reason()).isEqualTo("trust data is degraded: bundle version 3 issued 2024-05-01T00:00:00Z"
                + " is 4 d old (degraded after 3 d); staff must confirm this pass");
        assertThat(expired.verdict()).isEqualTo(Verdict.TRUST_EXPIRED);
        assertThat(expired.reason()).isEqualTo("trust data expired: bundle version 3 issued 2024-05-01T00:00:00Z is "
                + "8 d old (expired after 7 d); the kiosk fails closed");
        assertThat(expired.checks()).containsEntry("trust", false);
        assertThat(keepVerifying.settle(VALID, ISSUED.plus(Duration.ofDays(4))).verdict()).isEqualTo(Verdict.VALID);
        assertThat(keepVerifying.settle(VALID, ISSUED.plus(Duration.ofDays(8))).verdict()).isEqualTo(Verdict.VALID);
    }

    @Test
    void leavesInvalidOutcomesAndUnmanagedTrustAlone() throws Exception {
        Outcome forged = Outcome.of(Verdict.INVALID_SIGNATURE, Format.HC1, new Checks().fail("signature"), "forged");
        TrustSnapshot expired = snapshot(Optional.empty(), Optional.empty(), DegradedMode.VERIFY,
                ExpiredMode.FAIL_CLOSED);

        assertThat(expired.settle(forged, ISSUED)).isSameAs(forged);
        assertThat(TrustSnapshot.unmanaged(TrustStore.empty()).settle(VALID, ISSUED)).isSameAs(VALID);
        assertThat(TrustSnapshot.unmanaged(TrustStore.empty()).status(ISSUED)).isEmpty();
    }

    @Test
    void technicianOverrideAdmitsUntilItEndsAndNeverBeyondItsBound() throws Exception {
        Optional<TrustBundle> bundle = Optional.of(bundle(Duration.ofDays(30), null));
        Instant setAt = ISSUED.plus(Duration.ofDays(8));
        TrustOverride override = new TrustOverride(setAt, setAt.plus(Duration.ofHours(4)), "network cable cut");
        TrustOverride greedy = new TrustOverride(setAt, setAt.plus(Duration.ofDays(30)), "hand-edited file");
        TrustSnapshot snapshot = snapshot(bundle, Optional.of(override), DegradedMode.VERIFY, ExpiredMode.FAIL_CLOSED);
        TrustSnapshot greedySnapshot = snapshot(bundle, Optional.of(greedy), DegradedMode.VERIFY,
                ExpiredMode.FAIL_CLOSED);

        assertThat(snapshot.settle(VALID, setAt.minus(MS)).verdict()).isEqualTo(Verdict.TRUST_EXPIRED);
        Outcome during = snapshot.settle(VALID, setAt.plus(Duration.ofHours(4)).minus(MS));
        assertThat(during.verdict()).isEqualTo(Verdict.VALID);
        assertThat(snapshot.status(setAt).orElseThrow().toJson().get("overrideUntil").AsString())
                .isEqualTo("2024-05-09T04:00:00Z");
        assertThat(snapshot.settle(VALID, setAt.plus(Duration.ofHours(4))).verdict())
                .isEqualTo(Verdict.TRUST_EXPIRED);
        assertThat(greedy.effectiveUntil()).isEqualTo(setAt.plus(TrustOverride.MAX_DURATION));
        assertThat(greedySnapshot.settle(VALID, setAt.plus(Duration.ofHours(71))).verdict()).isEqualTo(Verdict.VALID);
        assertThat(greedySnapshot.settle(VALID, setAt.plus(Duration.ofHours(72))).verdict())
                .isEqualTo(Verdict.TRUST_EXPIRED);
    }

    private TrustState stateAt(Staleness staleness, Optional<TrustBundle> bundle, Duration age) {
        return staleness.status(bundle, Optional.empty(), ISSUED.plus(age)).state();
    }

    private TrustSnapshot snapshot(Optional<TrustBundle> bundle, Optional<TrustOverride> override,
                                   DegradedMode degraded, ExpiredMode expired) {
        return TrustSnapshot.managed(TrustStore.empty(), bundle, override, new Staleness(config(degraded, expired)));
    }

    private TrustBundle bundle(Duration validFor, Duration sectionValidFor) throws Exception {
        Path file = dir.resolve("b" + validFor.toHours() + "-" + sectionValidFor + ".pgtb");
        BundleWriter writer = BundleWriter.bundle(3, ISSUED, ISSUED.plus(validFor)).content(new BundleContent(
                List.of(), List.of(), List.of(), Map.of("r", com.upokecenter.cbor.CBORObject.NewMap()),
                Optional.empty())).signWith(ROOT.getPrivate());
        if (sectionValidFor != null) {
            writer.sectionWindow(SectionType.RULE_SETS, ISSUED, ISSUED.plus(sectionValidFor));
        }
        writer.writeTo(file);
        return BundleReader.read(file, TestBundles.pinned(ROOT));
    }

    private TrustConfig config(DegradedMode degraded, ExpiredMode expired) {
        TrustConfig defaults = TrustConfig.defaultsIn(dir);
        return new TrustConfig(List.of(), defaults.bundleFile(), Optional.empty(), defaults.fetchInterval(),
                Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), degraded, expired);
    }
}
