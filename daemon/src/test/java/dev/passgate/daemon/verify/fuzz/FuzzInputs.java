package dev.passgate.daemon.verify.fuzz;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.testing.Hc1Layers;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates the fuzz harness's inputs from one seed: mutations of HC1 texts at each decoding layer (the text,
 * the inflated COSE bytes, the CWT payload bytes, and the health certificate's data model, re-signed by the
 * trusted fuzz issuer), mutations of SMART Health Card texts, and random texts in each format's alphabet.
 * The same seed and corpus give the same inputs, except those derived from minted passes (their issuer's key is
 * fresh in every run).
 */
final class FuzzInputs {
    private static final String DIGITS = "0123456789";
    private static final String[] PREFIXES = {"HC1:", "shc:/", "PG1:", "", "hc1:", "SHC:/"};

    /** One input: a description that names it without its content, the text, the instant to verify it at. */
    record Input(String description, String text, Instant at) {
    }

    private final FuzzCorpus corpus;
    private final List<FuzzCorpus.Sample> hc1;
    private final List<FuzzCorpus.Sample> shc;
    private final List<String> texts;
    private final List<byte[]> coses = new ArrayList<>();
    private final List<byte[]> payloads = new ArrayList<>();
    private final SplittableRandom random;

    FuzzInputs(FuzzCorpus corpus, long seed) {
        this.corpus = corpus;
        this.random = new SplittableRandom(seed);
        this.hc1 = corpus.samples().stream().filter(FuzzCorpus.Sample::hc1).filter(FuzzInputs::decodes).toList();
        this.shc = corpus.samples().stream().filter(s -> s.text().startsWith("shc:/")).toList();
        this.texts = corpus.samples().stream().map(FuzzCorpus.Sample::text).toList();
        for (FuzzCorpus.Sample sample : hc1) {
            coses.add(Hc1Layers.cose(sample.text()));
            payloads.add(Hc1Layers.payload(sample.text()));
        }
    }

    /** The next input; categories are drawn with fixed weights out of 100. */
    Input next() {
        int roll = random.nextInt(100);
        StringBuilder description = new StringBuilder();
        Mutator mutator = new Mutator(random.split(), description);
        if (roll < 30) {
            FuzzCorpus.Sample sample = pick(corpus.samples());
            description.append("text ").append(sample.name());
            String alphabet = sample.hc1() ? Mutator.BASE45 : DIGITS;
            String text = mutator.mutateText(sample.text(), alphabet, texts);
            return new Input(description.toString(), text, sample.at());
        } else if (roll < 55) {
            int index = random.nextInt(hc1.size());
            description.append("cose ").append(hc1.get(index).name());
            byte[] cose = mutator.mutateBytes(coses.get(index), coses);
            return new Input(description.toString(), Hc1Layers.fromCose(cose), hc1.get(index).at());
        } else if (roll < 70) {
            int index = random.nextInt(hc1.size());
            description.append("payload ").append(hc1.get(index).name());
            byte[] payload = mutator.mutateBytes(payloads.get(index), payloads);
            return new Input(description.toString(), Hc1Layers.withPayload(hc1.get(index).text(), payload),
                    hc1.get(index).at());
        } else if (roll < 76) {
            return resigned(description);
        } else if (roll < 86) {
            FuzzCorpus.Sample sample = pick(shc);
            description.append("shc ").append(sample.name());
            String text = mutator.mutateText(sample.text(), DIGITS, texts);
            return new Input(description.toString(), text, sample.at());
        } else {
            return randomText(description, mutator);
        }
    }

    private Input resigned(StringBuilder description) {
        int index = random.nextInt(hc1.size());
        CBORObject claims = CBORObject.DecodeFromBytes(payloads.get(index));
        CBORObject hcert = claims.get(-260).get(1);
        description.append("hcert ").append(hc1.get(index).name());
        for (int n = 1 + random.nextInt(3); n > 0; n--) {
            CBORObject target = target(hcert);
            List<CBORObject> keys = new ArrayList<>(target.getKeys());
            CBORObject key = keys.isEmpty() || random.nextInt(4) == 0 ? CBORObject.FromObject(pick(List.of("v", "t",
                    "r", "nam", "dob", "ver", "x", "dn", "co"))) : keys.get(random.nextInt(keys.size()));
            if (random.nextInt(5) == 0) {
                target.Remove(key);
                description.append(" remove");
            } else {
                target.set(key, value(0));
                description.append(" set");
            }
        }
        String text = corpus.issuer().sign(hcert, "KR", FuzzCorpus.MINTED_AT.minusSeconds(3600),
                FuzzCorpus.MINTED_AT.plusSeconds(3600));
        return new Input(description.toString(), text, FuzzCorpus.MINTED_AT);
    }

    /** The hcert itself, its name map, or the first entry of a group: wherever a map sits. */
    private CBORObject target(CBORObject hcert) {
        List<CBORObject> maps = new ArrayList<>(List.of(hcert));
        for (String key : List.of("nam", "v", "t", "r")) {
            CBORObject value = hcert.get(key);
            if (value != null && value.getType() == CBORType.Map) {
                maps.add(value);
            } else if (value != null && value.getType() == CBORType.Array && value.size() > 0
                    && value.get(0).getType() == CBORType.Map) {
                maps.add(value.get(0));
            }
        }
        return maps.get(random.nextInt(maps.size()));
    }

    /** A random CBOR value of any type, nested at most a few levels (sometimes past the depth limit). */
    private CBORObject value(int depth) {
        int kind = depth > 20 ? random.nextInt(9) : random.nextInt(13);
        return switch (kind) {
            case 0 -> CBORObject.FromObject(random.nextLong());
            case 1 -> CBORObject.FromObject(BigInteger.ONE.shiftLeft(64 + random.nextInt(512)).negate());
            case 2 -> CBORObject.FromObject(random.nextInt(5) == 0 ? Double.NaN : random.nextDouble() * 1e300);
            case 3 -> CBORObject.FromObject(pick(List.of("", "1963-00", "2021-06-01T10:00:00Z", "1.3.0", "KR",
                    "EU/1/20/1528", "\u0000", "1".repeat(5000) + "x", "A".repeat(200))));
            case 4 -> CBORObject.FromObject(new byte[random.nextInt(40)]);
            case 5 -> CBORObject.Null;
            case 6 -> CBORObject.Undefined;
            case 7 -> CBORObject.True;
            case 8 -> CBORObject.FromObjectAndTag(CBORObject.FromObject("2021-06-01"), random.nextInt(6));
            case 9, 10 -> {
                CBORObject array = CBORObject.NewArray();
                for (int i = random.nextInt(4); i > 0; i--) {
                    array.Add(value(depth + 1));
                }
                yield array;
            }
            default -> {
                CBORObject map = CBORObject.NewMap();
                for (int i = random.nextInt(4); i > 0; i--) {
                    map.set(random.nextBoolean() ? CBORObject.FromObject("k" + i) : CBORObject.FromObject(i),
                            value(depth + 1));
                }
                yield map;
            }
        };
    }

    private Input randomText(StringBuilder description, Mutator mutator) {
        String prefix = PREFIXES[random.nextInt(PREFIXES.length)];
        String alphabet = switch (random.nextInt(3)) {
            case 0 -> Mutator.BASE45;
            case 1 -> DIGITS;
            default -> "\u0000\t\n\r \u00e9\u4e00\ud83d\ude00{}[]\":,/abcdefXYZ0123456789";
        };
        int maxLength = random.nextInt(50) == 0 ? Limits.DEFAULT_MAX_TEXT_LENGTH + 64 : 600;
        String text = prefix + mutator.randomText(alphabet, maxLength);
        description.append("random ").append(prefix.isEmpty() ? "(no prefix)" : prefix).append(" length ")
                .append(text.length());
        return new Input(description.toString(), text, FuzzCorpus.MINTED_AT);
    }

    private <T> T pick(List<T> items) {
        return items.get(random.nextInt(items.size()));
    }

    /** Whether a sample's layers can be taken apart (the prefix tests of the suite are broken on purpose). */
    private static boolean decodes(FuzzCorpus.Sample sample) {
        try {
            CBORObject claims = CBORObject.DecodeFromBytes(Hc1Layers.payload(sample.text()));
            return claims.get(-260) != null && claims.get(-260).get(1) != null
                    && claims.get(-260).get(1).getType() == CBORType.Map;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
