package dev.passgate.daemon.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.Verdict;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.daemon.verify.shc.ShcTestIssuer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The vector suite of real holders' histories ({@code policy/holder-histories.json}): each case is minted as the
 * pass a holder carries (an EU DCC, a PG1 credential listing several entries, or a SMART Health Card listing every
 * dose), verified through {@link PassVerifier} with kr-2022 or eu-2022 at a boundary instant, and must get the
 * expected verdict; a rejection must cite the rule the case names.
 */
class HolderHistoryVectorsTest {
    private static final Instant ISSUED = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");
    private static final KeyPair PG1_ISSUER = Pg1Keys.fromSeed(Pg1Keys.sha256(bytes("history vectors issuer")));
    private static final KeyPair PG1_HOLDER = Pg1Keys.fromSeed(Pg1Keys.sha256(bytes("history vectors holder")));
    private static final ShcTestIssuer SHC = ShcTestIssuer.create("https://history.passgate.invalid");
    private static final TrustStore TRUST = trust();

    static Stream<Arguments> checks() throws IOException {
        CBORObject suite;
        try (InputStream in = HolderHistoryVectorsTest.class.getResourceAsStream("/policy/holder-histories.json")) {
            suite = CBORObject.FromJSONString(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<Arguments> checks = new ArrayList<>();
        for (CBORObject c : suite.get("cases").getValues()) {
            for (CBORObject check : c.get("checks").getValues()) {
                checks.add(Arguments.of(c.get("name").AsString() + " [" + c.get("format").AsString() + "]",
                        check.get(0).AsString(), check.get(1).AsString(), Verdict.valueOf(check.get(2).AsString()),
                        check.size() > 3 ? check.get(3).AsString() : null, c));
            }
        }
        return checks.stream();
    }

    @ParameterizedTest(name = "{0} under {1} at {2}: {3}")
    @MethodSource("checks")
    void historyGetsTheVerdictItsRuleGives(String name, String policy, String at, Verdict expected, String rule,
                                           CBORObject vector) {
        Instant when = OffsetDateTime.parse(at).toInstant();

        Outcome outcome = new PassVerifier(Limits.DEFAULT).verify(pass(vector, when), TRUST, when,
                Policies.named(policy).orElseThrow());

        assertThat(outcome.verdict()).as(outcome.reason()).isEqualTo(expected);
        if (rule != null) {
            assertThat(outcome.reason()).contains(rule);
        }
    }

    private static String pass(CBORObject vector, Instant at) {
        CBORObject history = vector.get("history");
        return switch (vector.get("format").AsString()) {
            case "hc1" -> PolicyPasses.sign(health(history));
            case "pg1" -> Pg1Signer.present(Pg1Signer.credential(PG1_ISSUER, "KR-PG", PG1_HOLDER.getPublic(),
                    health(history), ISSUED, EXPIRES), PG1_HOLDER.getPrivate(), at, new byte[Pg1Signer.NONCE_LENGTH]);
            case "shc" -> SHC.card(SHC.payload("1609459200", null, null, bundle(history)));
            default -> throw new IllegalArgumentException(vector.get("format").AsString());
        };
    }

    /** DCC-shaped health data holding every entry of the history, in the order the vector lists them. */
    private static CBORObject health(CBORObject history) {
        CBORObject health = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "CHOI").Add("gnt", "YUNA"))
                .Add("dob", PolicyPasses.ADULT);
        for (CBORObject item : history.getValues()) {
            String type = item.getKeys().iterator().next().AsString();
            CBORObject f = item.get(type);
            CBORObject entry = CBORObject.NewOrderedMap().Add("tg", "840539006");
            switch (type) {
                case "v" -> entry.Add("vp", "J07BX03").Add("mp", f.get(0)).Add("ma", "ORG-100030215")
                        .Add("dn", f.get(1)).Add("sd", f.get(2)).Add("dt", f.get(3)).Add("co", "KR");
                case "r" -> entry.Add("fr", f.get(0)).Add("df", f.get(1)).Add("du", f.get(2)).Add("co", "KR");
                case "x" -> entry.Add("es", "medical").Add("df", f.get(0)).Add("du", f.get(1)).Add("co", "KR");
                default -> throw new IllegalArgumentException(type);
            }
            entry.Add("is", "history vectors").Add("ci", "URN:UVCI:01:KR:HISTORY#" + type);
            if (!health.ContainsKey(type)) {
                health.Add(type, CBORObject.NewArray());
            }
            health.get(type).Add(entry);
        }
        return health;
    }

    private static String bundle(CBORObject history) {
        StringBuilder entries = new StringBuilder("{\"fullUrl\":\"resource:0\",\"resource\":{\"resourceType\":"
                + "\"Patient\",\"name\":[{\"family\":\"Choi\",\"given\":[\"Yuna\"]}],\"birthDate\":\"1990-05-17\"}}");
        int index = 1;
        for (CBORObject item : history.getValues()) {
            CBORObject dose = item.get("shc");
            entries.append(',').append(ShcTestIssuer.immunization(index++, dose.get(0).AsString(),
                    dose.get(1).AsString()));
        }
        return "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[" + entries + "]}";
    }

    private static TrustStore trust() {
        try {
            return TrustStore.builder().add(PolicyPasses.issuer().certificate())
                    .add(Pg1Keys.keyIdText(PG1_ISSUER.getPublic()), PG1_ISSUER.getPublic())
                    .addJwkSet(SHC.issuer(), SHC.jwks(), List.of()).build();
        } catch (TrustException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
