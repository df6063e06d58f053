package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * Checks an EU DCC gateway trust list against the gateway's trust anchor, the way the gateway's own download
 * clients do: a {@code CSCA} or {@code UPLOAD} entry counts when its {@code signature} is a detached CMS signature
 * over the entry's certificate (the DER of {@code rawData}) by a trust-anchor certificate; a {@code DSC} entry counts
 * when a counted CSCA issued its certificate and its {@code signature} is a detached CMS signature over that
 * certificate by a counted UPLOAD certificate (the member state's upload key).
 *
 * <p>A signature counts only when its signer's certificate was valid at the CMS signing time it carries; the
 * validity of the certificates at the time of the check is not judged (the gateway publishes what is current), and
 * neither is revocation of the anchor, CSCA or upload certificates. Input sizes are bounded by
 * the trust-list reader; a signature is at most {@link #MAX_SIGNATURE_BYTES}.
 */
public final class GatewayAnchor {
    static final int MAX_SIGNATURE_BYTES = 64 * 1024;
    private static final int MAX_ANCHOR_FILE_BYTES = 1 << 20;

    private final List<X509Certificate> anchors;

    private GatewayAnchor(List<X509Certificate> anchors) {
        this.anchors = List.copyOf(anchors);
    }

    /** What the check found: the indices of the DSC entries that count, and one sentence per refused entry. */
    public record Checked(Set<Integer> acceptedDsc, List<String> refused) {
    }

    /** Reads one or more trust-anchor certificates (PEM, possibly several, or one DER certificate). */
    public static GatewayAnchor read(Path file) throws IOException, BundleException {
        if (Files.size(file) > MAX_ANCHOR_FILE_BYTES) {
            throw new BundleException(file + ": found " + Files.size(file) + " bytes, expected a certificate file of"
                    + " at most " + MAX_ANCHOR_FILE_BYTES);
        }
        byte[] bytes = Files.readAllBytes(file);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> read = new ArrayList<>();
            for (var certificate : factory.generateCertificates(new ByteArrayInputStream(bytes))) {
                read.add((X509Certificate) certificate);
            }
            if (read.isEmpty()) {
                throw new BundleException(file + ": found no certificate, expected the gateway's trust anchor (PEM)");
            }
            return new GatewayAnchor(read);
        } catch (CertificateException | ClassCastException e) {
            throw new BundleException(file + ": found no readable certificate, expected the gateway's trust anchor"
                    + " (PEM or DER X.509)", e);
        }
    }

    /** Checks every entry of a trust list already bounded by its reader. */
    Checked check(CBORObject list, String what) throws BundleException {
        List<X509Certificate> cscas = new ArrayList<>();
        List<X509Certificate> uploads = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String type = type(list.get(i), what + " [" + i + "]");
            if (type.equals("CSCA") || type.equals("UPLOAD")) {
                Entry entry = entry(list.get(i), what + " [" + i + "]");
                if (entry.certificate().isPresent() && signer(entry, anchors).isPresent()) {
                    (type.equals("CSCA") ? cscas : uploads).add(entry.certificate().get());
                } else {
                    refused.add(entry.at() + " (" + type + "): not signed by the gateway's trust anchor");
                }
            }
        }
        Set<Integer> accepted = new HashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = what + " [" + i + "]";
            if (!type(list.get(i), at).equals("DSC")) {
                continue;
            }
            Entry entry = entry(list.get(i), at);
            String problem = entry.certificate().isEmpty() ? "rawData is not an X.509 certificate"
                    : cscas.stream().noneMatch(csca -> issued(csca, entry.certificate().get()))
                    ? "no CSCA signed by the trust anchor issued it"
                    : signer(entry, uploads).isEmpty() ? "its signature is not by an upload certificate signed by"
                    + " the trust anchor" : null;
            if (problem == null) {
                accepted.add(i);
            } else {
                refused.add(at + " (DSC): " + problem);
            }
        }
        return new Checked(accepted, refused);
    }

    private record Entry(String at, byte[] der, Optional<X509Certificate> certificate, Optional<byte[]> signature) {
    }

    private static String type(CBORObject entry, String at) throws BundleException {
        return BoundedJson.text(entry.get("certificateType"), at + " certificateType", 32);
    }

    private static Entry entry(CBORObject json, String at) throws BundleException {
        byte[] der = BoundedJson.base64(json.get("rawData"), at + " rawData", 64 * 1024);
        Optional<byte[]> signature = json.ContainsKey("signature")
                ? Optional.of(BoundedJson.base64(json.get("signature"), at + " signature", MAX_SIGNATURE_BYTES))
                : Optional.empty();
        Optional<X509Certificate> certificate;
        try {
            certificate = Optional.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der)));
        } catch (CertificateException | ClassCastException e) {
            certificate = Optional.empty();
        }
        return new Entry(at, der, certificate, signature);
    }

    private static boolean issued(X509Certificate csca, X509Certificate dsc) {
        if (!csca.getSubjectX500Principal().equals(dsc.getIssuerX500Principal())) {
            return false;
        }
        try {
            dsc.verify(csca.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** The candidate whose key made the entry's detached CMS signature over its certificate, if any. */
    private static Optional<X509Certificate> signer(Entry entry, List<X509Certificate> candidates) {
        if (entry.signature().isEmpty()) {
            return Optional.empty();
        }
        try {
            CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(entry.der()), entry.signature().get());
            for (SignerInformation information : cms.getSignerInfos().getSigners()) {
                for (X509Certificate candidate : candidates) {
                    if (information.getSID().match(new JcaX509CertificateHolder(candidate))
                            && information.verify(new JcaSimpleSignerInfoVerifierBuilder().build(candidate))) {
                        return Optional.of(candidate);
                    }
                }
            }
        } catch (CMSException | OperatorCreationException | CertificateException | RuntimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /** A short description for the output of {@code bundle make}. */
    public String describe() {
        return anchors.size() + " trust anchor certificate(s), the first " + anchors.get(0).getSubjectX500Principal()
                .getName();
    }
}
