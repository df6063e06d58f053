package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.testing.Corpora;
import dev.passgate.daemon.testing.SvgQr;
import dev.passgate.daemon.verify.shc.NumericQr;
import dev.passgate.daemon.verify.shc.ShcTestIssuer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Maps each card test of the SMART Health Cards dev-tools ({@code _derived/shc-dev-tools-expectations.json}) to
 * what a kiosk sees: the texts a reader delivers, the trust the kiosk holds, and the clock. Upstream validates
 * several input forms; each becomes scanner text:
 * <ul>
 *   <li>{@code qrnumeric}: the file text as it is (a reader delivers the QR text; passgate strips the line end);</li>
 *   <li>{@code jws}, {@code healthcard}, {@code fhirhealthcard}: each JWS, without the whitespace of the file
 *       around it, written as the numeric {@code shc:/} text an issuer prints;</li>
 *   <li>{@code qr}: the image decoded by {@code passgate decode} (SVGs are first rendered to PNG);</li>
 *   <li>{@code jwspayload} and {@code fhirbundle}: unsigned data, so the test becomes the issuer. The payload
 *       file's bytes (or the bundle's text inside a minimal payload, {@code nbf} a day before the clock) are signed
 *       by a key minted for the run, trusted under the example issuer's {@code iss}.</li>
 * </ul>
 * Signed inputs are trusted with the example issuer's JWK set and its CRL, except the {@code badcrl} cases, which
 * bring their own set and CRL. The clock is 2022-05-31T00:00:00Z, as upstream uses, except for files of the spec
 * examples, re-signed on 2023-06-22, which are read on 2023-07-01.
 */
final class ShcDevToolsCases {
    static final String SPEC_ISS = "https://spec.smarthealth.cards/examples/issuer";
    static final String DEV_TOOLS_CLOCK = "2022-05-31T00:00:00Z";
    static final String EXAMPLES_CLOCK = "2023-07-01T00:00:00Z";
    private static final Pattern CONSTANT = Pattern.compile("\\[\\s*([A-Z_]+|\\d+)");
    private static final Path DEV_TOOLS = Corpora.root().resolve("shc-dev-tools-testdata/testdata");
    private static final Path EXAMPLES = Corpora.root().resolve("smart-health-cards-examples/examples");

    /** One case: the texts to verify and images that gave none; {@code skip} is a reason, or null. */
    record Case(int index, String name, List<String> files, boolean expectRejection, String skip, List<String> texts,
                List<String> undecoded, CBORObject trust, String at) {
        String id(int text) {
            return index + "." + text;
        }
    }

    private final ShcTestIssuer testIssuer = ShcTestIssuer.create(SPEC_ISS);
    private final CBORObject constants;
    private final Path work;

    ShcDevToolsCases(CBORObject constants, Path work) {
        this.constants = constants;
        this.work = work;
    }

    static CBORObject expectations() {
        return Corpora.json(Corpora.root().resolve("_derived/shc-dev-tools-expectations.json"));
    }

    static CBORObject exampleTrust() {
        Path wellKnown = EXAMPLES.resolve("issuer/.well-known");
        CBORObject crl = Corpora.json(wellKnown.resolve("crl/3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s.json"));
        return CBORObject.NewOrderedMap().Add("iss", SPEC_ISS).Add("jwks", Corpora.json(wellKnown.resolve("jwks.json")))
                .Add("crls", CBORObject.NewArray().Add(crl));
    }

    static Path file(String name) {
        String bare = name.startsWith("testdata/") ? name.substring("testdata/".length()) : name;
        return bare.startsWith("example-") ? EXAMPLES.resolve(bare) : DEV_TOOLS.resolve(bare);
    }

    Case map(int index, CBORObject test) {
        String name = test.get("test").AsString();
        List<String> files = test.get("files").getValues().stream().map(CBORObject::AsString).toList();
        boolean reject = expectsRejection(test);
        if (test.get("uses_network_or_SHL").AsBoolean()) {
            return skipped(index, name, files, reject, "needs the network (issuer directory or key download) or "
                    + "SMART Health Links, which an offline kiosk does not use");
        }
        List<String> missing = files.stream().filter(f -> !Files.isRegularFile(file(f))).toList();
        if (!missing.isEmpty()) {
            return skipped(index, name, files, reject, "upstream makes " + missing + " at test time (from the SVGs "
                    + "or an SHL); the files are not in the corpus");
        }
        boolean examples = files.stream().anyMatch(f -> f.startsWith("example-"));
        String at = examples ? EXAMPLES_CLOCK : DEV_TOOLS_CLOCK;
        String type = test.get("type").AsString();
        CBORObject trust = CBORObject.NewArray();
        List<String> texts = new ArrayList<>();
        List<String> undecoded = new ArrayList<>();
        for (String f : files) {
            String content = type.equals("qr") ? null : read(file(f));
            if (f.contains("jwks")) {
                trust.Add(Corpora.json(file(f)));
                continue;
            }
            switch (type) {
                case "qrnumeric" -> texts.add(content);
                case "jws" -> texts.add(NumericQr.encode(content.strip()));
                case "healthcard", "fhirhealthcard" -> jwsList(CBORObject.FromJSONString(content.strip()))
                        .forEach(jws -> texts.add(NumericQr.encode(jws.strip())));
                case "qr" -> decodeImage(file(f)).ifPresentOrElse(texts::add, () -> undecoded.add(f));
                case "jwspayload" -> texts.add(NumericQr.encode(testIssuer.jws(ShcTestIssuer.header(testIssuer.kid()),
                        ShcTestIssuer.rawDeflate(content.getBytes(StandardCharsets.UTF_8)))));
                case "fhirbundle" -> texts.add(testIssuer.card(testIssuer.payload(String.valueOf(
                        Instant.parse(at).getEpochSecond() - 86_400), null, null, content)));
                default -> throw new IllegalStateException("unknown input type " + type);
            }
        }
        if (type.equals("jwspayload") || type.equals("fhirbundle")) {
            trust.Add(testIssuer.trustEntry(testIssuer.jwks()));
        } else if (files.get(0).startsWith("badcrl/")) {
            trust.Add(badCrlTrust(file(files.get(0)).getParent()));
        } else {
            trust.Add(exampleTrust());
        }
        return new Case(index, name, files, reject, null, texts, undecoded, trust, at);
    }

    /**
     * Upstream's expectation as accept or reject: any error (the first slot: a non-zero count, a named constant
     * such as the 110 FHIR schema errors of example 02, or a list of codes) rejects; so do the warnings a kiosk
     * must not let pass (EXPIRATION_ERROR, NOT_YET_VALID); other warnings accept.
     */
    boolean expectsRejection(CBORObject test) {
        CBORObject raw = test.get("expected_raw");
        if (raw == null || raw.isNull()) {
            return false;
        }
        String text = raw.AsString().strip();
        if (text.startsWith("[[")) {
            String first = text.substring(1, text.indexOf(']') + 1);
            if (first.contains("ec.")) {
                return true;
            }
        } else {
            Matcher slot = CONSTANT.matcher(text);
            if (slot.lookingAt()) {
                String token = slot.group(1);
                if (Character.isDigit(token.charAt(0)) ? Integer.parseInt(token) > 0 : errorConstant(token)) {
                    return true;
                }
            }
        }
        return test.get("error_codes_mentioned").getValues().stream().map(CBORObject::AsString)
                .anyMatch(code -> code.equals("EXPIRATION_ERROR") || code.equals("NOT_YET_VALID"));
    }

    private boolean errorConstant(String name) {
        CBORObject value = constants.get(name);
        if (value == null) {
            throw new IllegalStateException("unknown constant " + name + " in the expectations");
        }
        return value.getType() == CBORType.TextString || value.AsNumber().ToEDecimal().ToDouble() > 0;
    }

    private static Case skipped(int index, String name, List<String> files, boolean reject, String reason) {
        return new Case(index, name, files, reject, reason, List.of(), List.of(), CBORObject.NewArray(), null);
    }

    private static List<String> jwsList(CBORObject file) {
        CBORObject credentials = file.get("verifiableCredential");
        if (credentials != null) {
            return credentials.getValues().stream().map(CBORObject::AsString).toList();
        }
        return file.get("parameter").getValues().stream()
                .filter(p -> p.get("name").AsString().equals("verifiableCredential"))
                .map(p -> p.get("valueString").AsString()).toList();
    }

    private static CBORObject badCrlTrust(Path folder) {
        Path wellKnown = folder.resolve(".well-known");
        CBORObject crls = CBORObject.NewArray();
        try (Stream<Path> lists = Files.list(wellKnown.resolve("crl"))) {
            lists.sorted().forEach(crl -> crls.Add(Corpora.json(crl)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String iss = "https://raw.githubusercontent.com/smart-on-fhir/health-cards-dev-tools/main/testdata/badcrl/"
                + folder.getFileName();
        return CBORObject.NewOrderedMap().Add("iss", iss).Add("jwks", Corpora.json(wellKnown.resolve("jwks.json")))
                .Add("crls", crls);
    }

    private Optional<String> decodeImage(Path image) {
        Path readable = image;
        if (image.toString().toLowerCase(Locale.ROOT).endsWith(".svg")) {
            readable = work.resolve(image.getFileName() + ".png");
            try {
                ImageIO.write(SvgQr.render(read(image), 4), "png", readable.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        CliRun run = CliRun.main("decode", readable.toString());
        CBORObject line = CBORObject.FromJSONString(run.lines().get(0));
        return line.get("text") == null ? Optional.empty() : Optional.of(line.get("text").AsString());
    }

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
