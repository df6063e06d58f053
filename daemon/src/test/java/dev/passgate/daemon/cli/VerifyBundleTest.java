package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code verify} with a bundle in use (staleness, the trust field), {@code bundle override} and {@code status}. */
class VerifyBundleTest {
    private static final Instant EIGHT_DAYS_ON = BundleSite.NOW.plus(Duration.ofDays(8));

    @TempDir
    Path dir;

    private BundleSite site;

    @BeforeEach
    void installVersionOne() throws Exception {
        site = new BundleSite(dir);
        assertThat(site.make("v1.pgtb", 1).exitCode()).isZero();
        assertThat(site.install("v1.pgtb").exitCode()).isZero();
    }

    @Test
    void failsClosedWithTrustExpiredOnceTheBundleIsTooOld() {
        CliRun verify = CliRun.verify("", clockAt(EIGHT_DAYS_ON), "--config", site.config.toString(),
                BundleSite.valid(), "HC1:broken");

        assertThat(verify.exitCode()).isEqualTo(1);
        CBORObject expired = CBORObject.FromJSONString(verify.lines().get(0));
        assertThat(expired.get("verdict").AsString()).isEqualTo("TRUST_EXPIRED");
        assertThat(expired.get("reason").AsString()).isEqualTo("trust data expired: bundle version 1 issued "
                + "2024-05-02T08:00:00Z is 8 d 1 h old (expired after 7 d); the kiosk fails closed");
        assertThat(expired.get("checks").get("signature").AsBoolean()).isTrue();
        assertThat(expired.get("checks").get("trust").AsBoolean()).isFalse();
        assertThat(expired.get("trust").get("state").AsString()).isEqualTo("EXPIRED");
        assertThat(expired.get("trust").get("ageSeconds").AsInt64Value()).isEqualTo(8 * 86_400 + 3600);
        CBORObject malformed = CBORObject.FromJSONString(verify.lines().get(1));
        assertThat(malformed.get("verdict").AsString()).isEqualTo("MALFORMED");
        assertThat(malformed.get("trust").get("state").AsString()).isEqualTo("EXPIRED");
    }

    @Test
    void stateFollowsTheInstantOfEachBatchRequest() {
        String batch = "{\"id\":1,\"text\":\"" + BundleSite.valid() + "\",\"at\":\"2024-05-03T09:00:00Z\"}\n"
                + "{\"id\":2,\"text\":\"" + BundleSite.valid() + "\",\"at\":\"2024-05-06T09:00:00Z\"}\n";

        CliRun verify = CliRun.verify(batch, BundleSite.CLOCK, "--config", site.config.toString(), "--batch");

        assertThat(verify.lines()).extracting(l -> CBORObject.FromJSONString(l).get("trust").get("state").AsString())
                .containsExactly("WARN", "DEGRADED");
        assertThat(verify.exitCode()).isZero();
    }

    @Test
    void aTechnicianOverrideKeepsAnExpiredKioskVerifyingUntilItEnds() {
        Instant setAt = EIGHT_DAYS_ON;
        BundleOverrideCommand override = new BundleOverrideCommand();
        override.useClock(clockAt(setAt));
        CliRun set = CliRun.command(override, "--until", setAt.plus(Duration.ofHours(12)).toString(), "--reason",
                "uplink down, ticket 4711", "--config", site.config.toString());
        assertThat(set.exitCode()).as(set.err()).isZero();

        CliRun during = CliRun.verify("", clockAt(setAt.plus(Duration.ofHours(1))), "--config",
                site.config.toString(), BundleSite.valid());
        CliRun after = CliRun.verify("", clockAt(setAt.plus(Duration.ofHours(12))), "--config",
                site.config.toString(), BundleSite.valid());

        CBORObject admitted = CBORObject.FromJSONString(during.lines().get(0));
        assertThat(admitted.get("verdict").AsString()).isEqualTo("VALID");
        assertThat(admitted.get("trust").get("state").AsString()).isEqualTo("EXPIRED");
        assertThat(admitted.get("trust").get("overrideUntil").AsString()).isEqualTo("2024-05-10T21:00:00Z");
        assertThat(CBORObject.FromJSONString(after.lines().get(0)).get("verdict").AsString())
                .isEqualTo("TRUST_EXPIRED");
    }

    @Test
    void overrideRefusesAnEndBeyondItsBoundOrInThePast() {
        BundleOverrideCommand tooLong = new BundleOverrideCommand();
        tooLong.useClock(BundleSite.CLOCK);
        CliRun refused = CliRun.command(tooLong, "--until", BundleSite.NOW.plus(Duration.ofHours(73)).toString(),
                "--reason", "weekend", "--config", site.config.toString());
        BundleOverrideCommand past = new BundleOverrideCommand();
        past.useClock(BundleSite.CLOCK);
        CliRun pastRun = CliRun.command(past, "--until", "2024-05-01T00:00:00Z", "--reason", "oops", "--config",
                site.config.toString());

        assertThat(refused.exitCode()).isEqualTo(2);
        assertThat(refused.err()).contains("at most 72 h later");
        assertThat(pastRun.exitCode()).isEqualTo(2);
        assertThat(Files.exists(site.installed.resolveSibling("trust-bundle.pgtb.override"))).isFalse();
    }

    @Test
    void verifiesWithABundleFileAndARootKeyWithoutAConfiguration() {
        CliRun verify = CliRun.verify("", BundleSite.CLOCK, "--bundle", dir.resolve("v1.pgtb").toString(), "--root",
                site.keys.resolve("root.pub").toString(), BundleSite.valid());
        CliRun noRoot = CliRun.verify("", BundleSite.CLOCK, "--bundle", dir.resolve("v1.pgtb").toString(),
                BundleSite.valid());
        CliRun noBundle = CliRun.verify("", BundleSite.CLOCK, BundleSite.valid());

        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(0);
        assertThat(CBORObject.FromJSONString(verify.lines().get(0)).get("trust").get("version").AsInt32()).isOne();
        assertThat(noRoot.exitCode()).isEqualTo(2);
        assertThat(noRoot.err()).contains("a bundle can only be used with a pinned root");
        assertThat(CBORObject.FromJSONString(noBundle.lines().get(0)).ContainsKey("trust")).isFalse();
    }

    @Test
    void statusShowsTheInstalledBundleAndExitsOneWhenPassesAreNotAdmitted() {
        BundleStatusCommand fresh = new BundleStatusCommand();
        fresh.useClock(BundleSite.CLOCK);
        BundleStatusCommand old = new BundleStatusCommand();
        old.useClock(clockAt(EIGHT_DAYS_ON));

        CliRun now = CliRun.command(fresh, "--config", site.config.toString());
        CliRun later = CliRun.command(old, "--config", site.config.toString());

        assertThat(now.exitCode()).isZero();
        CBORObject status = CBORObject.FromJSONString(now.lines().get(0));
        assertThat(status.get("trust").ToJSONString()).isEqualTo("{\"state\":\"FRESH\",\"version\":1,"
                + "\"ageSeconds\":3600}");
        assertThat(status.get("validUntil").AsString()).isEqualTo("2024-06-01T08:00:00Z");
        assertThat(status.get("effect").AsString()).isEqualTo("ADMIT");
        assertThat(later.exitCode()).isEqualTo(1);
        assertThat(CBORObject.FromJSONString(later.lines().get(0)).get("effect").AsString()).isEqualTo("REFUSE");
    }

    private static Clock clockAt(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }
}
