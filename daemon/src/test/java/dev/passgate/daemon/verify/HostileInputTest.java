package dev.passgate.daemon.verify;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.testing.Hc1Layers;
import dev.passgate.daemon.testing.SmallStack;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Every hard limit on untrusted input, met end to end through {@link PassVerifier}: each violation is a
 * {@code MALFORMED} outcome whose reason names the bound, and the check map shows the layer that refused it.
 * Hostile codes are verified on a thread with a small stack.
 */
class HostileInputTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    private static final Policy NONE = Policies.named("none").orElseThrow();
    private final PassVerifier verifier = new PassVerifier(Limits.DEFAULT);

    @Test
    void refusesTextLongerThanTheLimitBeforeDecodingIt() {
        Outcome outcome = verify("HC1:" + "A".repeat(Limits.DEFAULT_MAX_TEXT_LENGTH));

        assertThat(outcome.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(outcome.checks()).isEmpty();
        assertThat(outcome.reason()).isEqualTo("the code has 8196 characters, more than the limit of 8192");
    }

    @Test
    void refusesAZlibBombAtTheInflatedSizeLimit() {
        String bomb = Hc1Layers.fromCose(new byte[4 * 1024 * 1024]);

        Outcome outcome = verify(bomb);

        assertThat(bomb.length()).isLessThan(Limits.DEFAULT_MAX_TEXT_LENGTH);
        assertThat(outcome.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(outcome.checks()).containsEntry("inflate", false);
        assertThat(outcome.reason()).isEqualTo("the payload inflates to more than 65536 bytes");
    }

    @Test
    void refusesDeeplyNestedCoseWithoutOverflowingTheStack() {
        byte[] nested = new byte[60_001];
        Arrays.fill(nested, (byte) 0x81);
        String code = Hc1Layers.fromCose(nested);

        Outcome outcome = verify(code);

        assertThat(outcome.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(outcome.checks()).containsEntry("cose", false);
        assertThat(outcome.reason()).isEqualTo("CBOR is nested deeper than 16 levels");
    }

    @Test
    void refusesDeeplyNestedMapsInTheClaimsOfARealPass() {
        byte[] nestedMaps = new byte[40_001];
        for (int i = 0; i < 20_000; i++) {
            nestedMaps[2 * i] = (byte) 0xa1;
            nestedMaps[2 * i + 1] = 0x01;
        }
        String code = Hc1Layers.withPayload(valid(), nestedMaps);

        Outcome outcome = verify(code);

        assertThat(outcome.checks()).containsEntry("cose", true).containsEntry("cbor", false);
        assertThat(outcome.reason()).isEqualTo("CBOR is nested deeper than 16 levels");
    }

    @Test
    void refusesTooManyItemsAndDeclaredLengthsBeyondThePayload() {
        byte[] manyItems = new byte[5003];
        manyItems[0] = (byte) 0x99;
        manyItems[1] = (byte) (5000 >>> 8);
        manyItems[2] = (byte) (5000 & 0xff);
        byte[] hugeString = HexFormat.of().parseHex("5a7fffffff00");

        Outcome items = verify(Hc1Layers.withPayload(valid(), manyItems));
        Outcome length = verify(Hc1Layers.fromCose(hugeString));

        assertThat(items.reason()).isEqualTo("CBOR has more than 4096 items");
        assertThat(items.checks()).containsEntry("cbor", false);
        assertThat(length.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(length.reason()).startsWith("CBOR declares a string of 2147483647 bytes");
    }

    @Test
    void refusesATagNumberBeyondThirtyTwoBitsAsAValue() {
        byte[] hugeTag = HexFormat.of().parseHex("dbffffffffffffffff80");

        Outcome outcome = verify(Hc1Layers.fromCose(hugeTag));

        assertThat(outcome.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(outcome.reason()).isEqualTo("unexpected CBOR tag 18446744073709551615, expected 61 (CWT) or "
                + "18 (COSE_Sign1)");
    }

    @Test
    void refusesABigfloatIssueTimeWithoutConvertingIt() {
        CBORObject bigfloat = CBORObject.FromObjectAndTag(CBORObject.NewArray()
                .Add(CBORObject.FromObject(BigInteger.ONE.shiftLeft(200))).Add(1), 5);
        CBORObject claims = CBORObject.DecodeFromBytes(Hc1Layers.payload(valid()));
        claims.set(6, bigfloat);

        Outcome outcome = verify(Hc1Layers.withPayload(valid(), claims.EncodeToBytes()));

        assertThat(outcome.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(outcome.checks()).containsEntry("cbor", false);
        assertThat(outcome.reason()).isEqualTo("iat or exp is not a NumericDate");
    }

    @Test
    void boundsPatternMatchingOnAHostileSchemaVersionOfASignedPass() {
        Hc1Issuer issuer = Hc1Issuer.create("hostile issuer", NOW.minus(Duration.ofDays(9)), NOW.plusSeconds(99));
        CBORObject hcert = CBORObject.DecodeFromBytes(Hc1Layers.payload(valid())).get(-260).get(1);
        hcert.set("ver", CBORObject.FromObject("1".repeat(60_000) + "x"));
        String code = issuer.sign(hcert, "KR", NOW.minusSeconds(60), NOW.plusSeconds(60));
        TrustStore trust = TrustStore.builder().add(issuer.certificate()).build();

        Outcome outcome = SmallStack.call(() -> verifier.verify(code, trust, NOW, NONE));

        assertThat(code.length()).isLessThan(Limits.DEFAULT_MAX_TEXT_LENGTH);
        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks()).containsEntry("schema", false);
        assertThat(outcome.reason()).endsWith("/ver does not match the pattern ^\\d+.\\d+.\\d+$");
    }

    @Test
    void answersANullTextAsMalformed() {
        Outcome outcome = verifier.verify(null, PASSES.trust(), NOW, NONE);

        assertThat(outcome.verdict()).isEqualTo(Verdict.MALFORMED);
        assertThat(outcome.reason()).isEqualTo("no code was read");
    }

    private Outcome verify(String code) {
        return SmallStack.call(() -> verifier.verify(code, PASSES.trust(), NOW, NONE));
    }

    private static String valid() {
        return PASSES.samples().get(0).text();
    }
}
