package dev.passgate.daemon.verify.fuzz;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.testing.Corpora;
import dev.passgate.daemon.verify.Instants;
import dev.passgate.daemon.verify.TrustException;
import dev.passgate.daemon.verify.TrustSources;
import dev.passgate.daemon.verify.TrustStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The valid-looking samples the fuzz harness mutates, and one trust store that knows all their signers: passes
 * minted on the spot by a fuzz issuer, every {@code PREFIX} of the EU DCC test data with its signing
 * certificate, and the numeric QR texts of the SMART Health Cards examples with their issuer's key set.
 * Each sample carries the instant it is verified at, so that its unmutated form reaches every step.
 */
final class FuzzCorpus {
    static final Instant MINTED_AT = Instant.parse("2022-02-01T09:00:00Z");
    private static final Instant SHC_AT = Instant.parse("2023-07-01T00:00:00Z");
    private static final String SHC_ISSUER = "https://spec.smarthealth.cards/examples/issuer";

    /** One sample: a name for descriptions, the text, the instant to verify it at. */
    record Sample(String name, String text, Instant at) {
        boolean hc1() {
            return text.startsWith("HC1:");
        }
    }

    private final List<Sample> samples;
    private final TrustStore trust;
    private final Hc1Issuer issuer;

    private FuzzCorpus(List<Sample> samples, TrustStore trust, Hc1Issuer issuer) {
        this.samples = List.copyOf(samples);
        this.trust = trust;
        this.issuer = issuer;
    }

    static FuzzCorpus load() {
        Hc1Issuer issuer = Hc1Issuer.create("fuzz issuer", MINTED_AT.minus(Duration.ofDays(400)),
                MINTED_AT.plus(Duration.ofDays(400)));
        TrustStore.Builder trust = TrustStore.builder().add(issuer.certificate());
        List<Sample> samples = new ArrayList<>(minted(issuer));
        samples.addAll(euDcc(trust));
        samples.addAll(smartHealthCards(trust));
        return new FuzzCorpus(samples, trust.build(), issuer);
    }

    List<Sample> samples() {
        return samples;
    }

    TrustStore trust() {
        return trust;
    }

    /** The trusted issuer of the minted samples, for re-signing mutated health certificates. */
    Hc1Issuer issuer() {
        return issuer;
    }

    private static List<Sample> minted(Hc1Issuer issuer) {
        List<Sample> samples = new ArrayList<>();
        String[][] groups = {{"v", "tg", "840539006", "dn", "2", "sd", "2", "dt", "2021-12-01"},
            {"t", "tg", "840539006", "tt", "LP6464-4", "sc", "2022-01-31T10:00:00Z", "tr", "260415000"},
            {"r", "tg", "840539006", "fr", "2021-11-01", "df", "2021-11-12", "du", "2022-05-01"}};
        for (String[] group : groups) {
            CBORObject entry = CBORObject.NewOrderedMap();
            for (int i = 1; i < group.length; i += 2) {
                entry.Add(group[i], group[i].equals("dn") || group[i].equals("sd")
                        ? CBORObject.FromObject(Integer.parseInt(group[i + 1])) : CBORObject.FromObject(group[i + 1]));
            }
            entry.Add("co", "KR").Add("is", "fuzz issuer").Add("ci", "URN:UVCI:01:KR:FUZZ" + group[0] + "#1");
            CBORObject hcert = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                    .Add("nam", CBORObject.NewOrderedMap().Add("fn", "Fuzz").Add("fnt", "FUZZ").Add("gnt", "TEST"))
                    .Add("dob", "1990-01-01").Add(group[0], CBORObject.NewArray().Add(entry));
            samples.add(new Sample("minted:" + group[0], issuer.sign(hcert, "KR",
                    MINTED_AT.minus(Duration.ofDays(1)), MINTED_AT.plus(Duration.ofDays(30))), MINTED_AT));
        }
        return samples;
    }

    private static List<Sample> euDcc(TrustStore.Builder trust) {
        Path root = Corpora.root().resolve("dgc-testdata");
        CBORObject manifest = Corpora.json(Corpora.root().resolve("_derived/dgc-testdata-manifest.json"));
        List<Sample> samples = new ArrayList<>();
        for (CBORObject name : manifest.get("cases").getKeys()) {
            CBORObject testCase = Corpora.json(root.resolve(name.AsString()));
            CBORObject context = testCase.get("TESTCTX");
            CBORObject clock = context == null ? null : context.get("VALIDATIONCLOCK");
            Instant at = clock == null ? MINTED_AT : Instants.parse(clock.AsString()).orElse(MINTED_AT);
            if (context != null && context.get("CERTIFICATE") != null) {
                try {
                    TrustSources.addBase64Certificate(trust, context.get("CERTIFICATE").AsString());
                } catch (TrustException e) {
                    throw new IllegalStateException(name.AsString() + ": " + e.getMessage(), e);
                }
            }
            samples.add(new Sample("dgc:" + name.AsString(), testCase.get("PREFIX").AsString(), at));
        }
        return samples;
    }

    private static List<Sample> smartHealthCards(TrustStore.Builder trust) {
        Path examples = Corpora.root().resolve("smart-health-cards-examples/examples");
        List<Sample> samples = new ArrayList<>();
        try (Stream<Path> files = Files.list(examples)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains("-f-")).sorted().toList()) {
                samples.add(new Sample("shc:" + file.getFileName(),
                        Files.readString(file, StandardCharsets.UTF_8).strip(), SHC_AT));
            }
            CBORObject jwks = Corpora.json(examples.resolve("issuer/.well-known/jwks.json"));
            trust.addJwkSet(SHC_ISSUER, jwks);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (TrustException e) {
            throw new IllegalStateException("the SMART Health Cards example key set: " + e.getMessage(), e);
        }
        return samples;
    }
}
