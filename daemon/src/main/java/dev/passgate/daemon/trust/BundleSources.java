package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.trust.BundleContent.DccSigner;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;

/**
 * Reads the files an operator builds a bundle from. Document signers come from an EU DCC gateway trust list or
 * from single certificates; JSON documents (JWK sets, rule sets, value sets) are read whole, bounded in size.
 *
 * <p>A trust list is the JSON array the DCC gateway serves at {@code /trustList} (or {@code /trustList/DSC}):
 * objects with {@code kid} (base64 of 8 bytes), {@code country} (two capital letters), {@code certificateType}
 * and {@code rawData} (base64 DER), and optionally {@code thumbprint} (hex SHA-256 of the DER, checked when
 * present), {@code timestamp} and {@code signature} (the gateway's CMS signature over the entry). The signatures are
 * checked only when the operator gives the gateway's trust anchor ({@link GatewayAnchor}); a DSC entry that fails
 * that check is left out and named. Without it the bundle's root signature is all the kiosk trusts, and
 * {@code bundle make} says so. Entries of another {@code certificateType} than {@code DSC} are skipped, and so
 * are repeats of a kid already read; other keys are ignored. A single certificate (PEM, DER or base64 DER) takes
 * its country from the {@code C} attribute of its subject.
 */
public final class BundleSources {
    static final int MAX_TRUST_LIST_BYTES = 64 << 20;
    static final int MAX_JSON_BYTES = ManifestCodec.MAX_JSON_SECTION_BYTES;

    private BundleSources() {
    }

    /**
     * The signers read from one file, how many trust-list entries were skipped as not DSC, and the DSC entries the
     * gateway's trust anchor did not vouch for (empty when no anchor was given).
     */
    public record Signers(List<DccSigner> signers, int skipped, List<String> refused) {
        public Signers(List<DccSigner> signers, int skipped) {
            this(signers, skipped, List.of());
        }
    }

    static Signers dccSigners(Path file) throws IOException, BundleException {
        return dccSigners(file, Optional.empty());
    }

    static Signers dccSigners(Path file, Optional<GatewayAnchor> anchor) throws IOException, BundleException {
        byte[] bytes = read(file, MAX_TRUST_LIST_BYTES);
        String text = new String(bytes, StandardCharsets.ISO_8859_1).strip();
        try {
            if (text.startsWith("[")) {
                return trustList(BoundedJson.parse(bytes, file.toString()), file.toString(), anchor);
            }
            if (anchor.isPresent()) {
                throw new BundleException(file + ": a single certificate carries no gateway signature to check with"
                        + " --dsc-anchor; give the gateway's trust list (with its CSCA and UPLOAD entries)");
            }
            byte[] der = bytes;
            if (text.startsWith("-----BEGIN")) {
                der = Base64.getMimeDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
            } else if (bytes.length == 0 || bytes[0] != 0x30) {
                der = Base64.getMimeDecoder().decode(text);
            }
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            String kid = Base64.getEncoder().encodeToString(TrustStore.dccKeyId(certificate));
            return new Signers(List.of(SectionCodecs.dccSigner(country(certificate, file), kid, der,
                    file.toString())), 0);
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            throw new BundleException(file + ": found neither a trust list nor a certificate (PEM, DER, base64)", e);
        }
    }

    private static Signers trustList(CBORObject list, String what, Optional<GatewayAnchor> anchor)
            throws BundleException {
        BoundedJson.array(list, what, SectionCodecs.MAX_CERTIFICATES);
        Optional<GatewayAnchor.Checked> checked = anchor.isPresent() ? Optional.of(anchor.get().check(list, what))
                : Optional.empty();
        List<DccSigner> signers = new ArrayList<>();
        List<String> kids = new ArrayList<>();
        int skipped = 0;
        for (int i = 0; i < list.size(); i++) {
            String at = what + " [" + i + "]";
            CBORObject entry = list.get(i);
            if (entry.getType() != CBORType.Map) {
                throw new BundleException(at + ": found a " + entry.getType() + ", expected an object");
            }
            String type = BoundedJson.text(entry.get("certificateType"), at + " certificateType", 32);
            String kid = BoundedJson.text(entry.get("kid"), at + " kid", 64);
            if (!type.equals("DSC") || kids.contains(kid)) {
                skipped++;
                continue;
            }
            if (checked.isPresent() && !checked.get().acceptedDsc().contains(i)) {
                continue;
            }
            byte[] der = BoundedJson.base64(entry.get("rawData"), at + " rawData", 64 * 1024);
            if (entry.ContainsKey("thumbprint")) {
                String expected = HexFormat.of().formatHex(BundleReader.sha256().digest(der));
                String thumbprint = BoundedJson.text(entry.get("thumbprint"), at + " thumbprint", 64);
                if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                        thumbprint.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII))) {
                    throw new BundleException(at + ": found thumbprint " + thumbprint + ", expected " + expected
                            + " (SHA-256 of rawData)");
                }
            }
            signers.add(SectionCodecs.dccSigner(BoundedJson.text(entry.get("country"), at + " country", 2), kid, der,
                    at));
            kids.add(kid);
        }
        return new Signers(signers, skipped, checked.map(GatewayAnchor.Checked::refused).orElse(List.of()));
    }

    private static String country(X509Certificate certificate, Path file) throws BundleException {
        try {
            for (Rdn rdn : new LdapName(certificate.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("C")) {
                    return rdn.getValue().toString();
                }
            }
        } catch (InvalidNameException e) {
            throw new BundleException(file + ": cannot read the certificate's subject", e);
        }
        throw new BundleException(file + ": found no C= in the certificate's subject, expected the issuing country");
    }

    /** The operator's files for {@code passgate bundle make}, by kind; map keys are issuers, key ids, names. */
    public record Inputs(List<Path> dsc, Map<String, Path> shcIssuers, Map<String, Path> pg1Keys,
                         Map<String, Path> ruleSets, Optional<Path> valueSets) {
    }

    /**
     * Reads every input into bundle content. A signer whose kid an earlier file already gave is left out; what
     * was skipped is told to {@code notes}, one sentence per file.
     */
    public static BundleContent content(Inputs inputs, Consumer<String> notes) throws IOException, BundleException {
        return content(inputs, Optional.empty(), notes);
    }

    /**
     * As {@link #content(Inputs, Consumer)}, checking the trust lists' gateway signatures against {@code anchor}
     * when given: every refused entry is told to {@code notes}.
     */
    public static BundleContent content(Inputs inputs, Optional<GatewayAnchor> anchor, Consumer<String> notes)
            throws IOException, BundleException {
        List<DccSigner> signers = new ArrayList<>();
        for (Path file : inputs.dsc()) {
            Signers read = dccSigners(file, anchor);
            read.refused().forEach(refusal -> notes.accept("refused " + refusal));
            read.signers().stream().filter(s -> signers.stream().noneMatch(t -> t.kid().equals(s.kid())))
                    .forEach(signers::add);
            if (read.skipped() > 0) {
                notes.accept(file + ": skipped " + read.skipped() + " entries that are not DSC or repeat a kid");
            }
        }
        List<BundleContent.ShcIssuer> issuers = new ArrayList<>();
        for (Map.Entry<String, Path> issuer : inputs.shcIssuers().entrySet()) {
            issuers.add(SectionCodecs.shcIssuer(issuer.getKey(), json(issuer.getValue()),
                    "--shc-issuer " + issuer.getKey()));
        }
        List<BundleContent.Pg1Key> keys = new ArrayList<>();
        for (Map.Entry<String, Path> key : inputs.pg1Keys().entrySet()) {
            PublicKey publicKey = RootKeys.readPublicKey(key.getValue());
            String id = key.getKey();
            keys.add(new BundleContent.Pg1Key(SectionCodecs.keyId(CBORObject.FromObject(id), "--pg1-key"),
                    RootKeys.ALGORITHM, publicKey));
            if (!id.equals(Pg1Keys.keyIdText(publicKey))) {
                notes.accept("--pg1-key " + id + ": a label; the key's passes carry key id "
                        + Pg1Keys.keyIdText(publicKey) + ", which the kiosk uses");
            }
        }
        Map<String, CBORObject> rules = new LinkedHashMap<>();
        for (Map.Entry<String, Path> rule : inputs.ruleSets().entrySet()) {
            rules.put(SectionCodecs.name(CBORObject.FromObject(rule.getKey()), "--rules"), json(rule.getValue()));
        }
        Optional<CBORObject> valueSets = Optional.empty();
        if (inputs.valueSets().isPresent()) {
            valueSets = Optional.of(json(inputs.valueSets().get()));
        }
        return new BundleContent(signers, issuers, keys, rules, valueSets);
    }

    /**
     * Splits a {@code --pg1-key} argument: {@code FILE}, or {@code ID=FILE} split at the {@code =} after which an
     * existing file is named, so that an id with base64 padding ({@code 5Udm0dd2Qo0==/keys/issuer.pub}) works. The
     * id is the key id derived from the key when the argument names a file only.
     */
    public static Map.Entry<String, Path> pg1KeyArgument(String argument) throws BundleException {
        if (Files.isRegularFile(Path.of(argument))) {
            try {
                return Map.entry(Pg1Keys.keyIdText(RootKeys.readPublicKey(Path.of(argument))), Path.of(argument));
            } catch (IOException | IllegalArgumentException e) {
                throw new BundleException("--pg1-key " + argument + ": " + e.getMessage(), e);
            }
        }
        for (int at = argument.indexOf('='); at >= 0; at = argument.indexOf('=', at + 1)) {
            Path file = Path.of(argument.substring(at + 1));
            if (at > 0 && Files.isRegularFile(file)) {
                return Map.entry(argument.substring(0, at), file);
            }
        }
        throw new BundleException("--pg1-key: found '" + argument + "', expected FILE or ID=FILE naming an existing "
                + "Ed25519 public key file");
    }

    /** Reads an operator's PG1 revocation file, shaped as the {@code pg1-revocation} section. */
    public static BundleContent.Pg1Revocations pg1Revocations(Path file) throws IOException, BundleException {
        try {
            return SectionCodecs.pg1Revocations(read(file, MAX_JSON_BYTES));
        } catch (BundleException e) {
            throw new BundleException(file + ": " + e.getMessage(), e);
        }
    }

    /** Reads a JSON document of at most {@link #MAX_JSON_BYTES}. */
    static CBORObject json(Path file) throws IOException, BundleException {
        return BoundedJson.parse(read(file, MAX_JSON_BYTES), file.toString());
    }

    static byte[] read(Path file, int limit) throws IOException, BundleException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new BundleException(file + ": found more than " + limit + " bytes, expected at most that");
            }
            return bytes;
        }
    }
}
