package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.DegradedMode;
import dev.passgate.config.ExpiredMode;
import dev.passgate.config.TrustConfig;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.Inflation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.testing.UciPasses;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.revocation.DccRevocationKeys;
import dev.passgate.daemon.revocation.RevocationStore;
import dev.passgate.daemon.trust.PinnedRoots;
import dev.passgate.daemon.trust.TrustManager;
import dev.passgate.daemon.trust.TrustSnapshot;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.hal.ManualDelays;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.binary.Base45;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An EU revocation batch of each hash type, as the gateway serves it, goes through {@code bundle make}, the signed
 * bundle, the kiosk's {@link TrustManager} and its revocation store, and the verdict of the pass it lists is
 * {@code REVOKED}; a pass on no list stays {@code VALID}.
 */
class BundleRevocationVerdictTest {
    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");

    @TempDir
    Path dir;

    @Test
    void aPassInTheBundlesBatchOfEachHashTypeIsRevokedAndOthersStayValid() throws Exception {
        Hc1Issuer issuer = Hc1Issuer.create("bundle revocation issuer", NOW.minus(Duration.ofDays(90)),
                NOW.plus(Duration.ofDays(900)));
        String kid = Base64.getEncoder().encodeToString(TrustStore.dccKeyId(issuer.certificate()));
        String byUci = mint(issuer, "URN:UVCI:01:KR:BUNDLE-UCI#1");
        String byCountryUci = mint(issuer, "URN:UVCI:01:KR:BUNDLE-CCUCI#2");
        String bySignature = mint(issuer, "URN:UVCI:01:KR:BUNDLE-SIG#3");
        String notListed = mint(issuer, "URN:UVCI:01:KR:BUNDLE-FINE#4");
        Path keys = dir.resolve("keys");
        Files.createDirectories(dir.resolve("var"));
        assertThat(CliRun.main("bundle", "keygen", "--out", keys.toString()).exitCode()).isZero();
        Files.writeString(dir.resolve("trustlist.json"), "[{\"kid\":\"" + kid + "\",\"country\":\"KR\","
                + "\"certificateType\":\"DSC\",\"rawData\":\"" + Base64.getEncoder().encodeToString(
                        issuer.certificate().getEncoded()) + "\"}]");
        Files.writeString(dir.resolve("revocation.jsonl"),
                batch(kid, "UCI", DccRevocationKeys.uciHash("URN:UVCI:01:KR:BUNDLE-UCI#1"))
                + batch(kid, "COUNTRYCODEUCI", DccRevocationKeys.countryCodeUciHash("KR",
                        "URN:UVCI:01:KR:BUNDLE-CCUCI#2"))
                + batch(kid, "SIGNATURE", DccRevocationKeys.signatureHash(cose(bySignature).signature(), -7)));
        CliRun make = CliRun.main("bundle", "make", "--root-key", keys.resolve("root.key").toString(), "--dsc",
                dir.resolve("trustlist.json").toString(), "--revocation", dir.resolve("revocation.jsonl").toString(),
                "--version", "5", "--issued-at", NOW.minusSeconds(60).toString(), "--out",
                dir.resolve("var/trust-bundle.pgtb").toString());
        assertThat(make.exitCode()).as(make.err()).isZero();
        String root = Base64.getEncoder().encodeToString(dev.passgate.daemon.trust.RootKeys.readPublicKey(
                keys.resolve("root.pub")).getEncoded());
        TrustConfig config = new TrustConfig(List.of(root), dir.resolve("var/trust-bundle.pgtb"), Optional.empty(),
                Duration.ofHours(1), Duration.ofDays(1), Duration.ofDays(3), Duration.ofDays(7), DegradedMode.VERIFY,
                ExpiredMode.FAIL_CLOSED);
        ManualDelays delays = new ManualDelays();

        try (RevocationStore store = RevocationStore.open(dir.resolve("var/revocation.db"));
             TrustManager manager = new TrustManager(config, PinnedRoots.of(List.of(root)),
                     TrustStore.builder().build(), Clock.fixed(NOW, ZoneOffset.UTC), delays,
                     Optional.of(store::replaceAll), status -> { })) {
            manager.start();
            delays.advance(Duration.ZERO);
            TrustSnapshot trust = manager.snapshot();
            PassVerifier verifier = new PassVerifier(Limits.DEFAULT, store);

            assertThat(store.size()).isEqualTo(3);
            for (String pass : List.of(byUci, byCountryUci, bySignature)) {
                Outcome outcome = verifier.verify(pass, trust.store(), NOW, Policies.named("none").orElseThrow());
                assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(Verdict.REVOKED);
                assertThat(outcome.checks()).containsEntry("signature", true).containsEntry("revocation", false);
            }
            Outcome fine = verifier.verify(notListed, trust.store(), NOW, Policies.named("none").orElseThrow());
            assertThat(fine.verdict()).isEqualTo(Verdict.VALID);
            assertThat(fine.checks()).containsEntry("revocation", true);
        }
    }

    private static String batch(String kid, String hashType, byte[] hash) {
        return "{\"country\":\"KR\",\"kid\":\"" + kid + "\",\"hashType\":\"" + hashType + "\",\"entries\":[{\"hash\":\""
                + Base64.getEncoder().encodeToString(hash) + "\"}]}\n";
    }

    private static CoseSign1 cose(String hc1) {
        byte[] compressed = new Base45().decode(hc1.substring(4).getBytes(StandardCharsets.US_ASCII));
        return CoseSign1.parse(Inflation.zlib(compressed, 1 << 16).bytes(), Limits.DEFAULT).message();
    }

    private static String mint(Hc1Issuer issuer, String uci) {
        return UciPasses.mint(issuer, "bundle revocation issuer", uci, UciPasses.PRODUCT, NOW);
    }
}
