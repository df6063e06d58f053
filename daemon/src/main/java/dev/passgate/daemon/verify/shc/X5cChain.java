package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The {@code x5c} certificate chain a SMART Health Cards issuer key may carry: base64 (not base64url) DER
 * certificates, leaf first. passgate accepts the chain when it validates up to its own root: each certificate is
 * signed by the next, whose subject is its issuer and which is a CA; the last is self-signed; the leaf's public
 * key is the JWK's key; and the leaf's subject alternative names hold a URI equal to the issuer's {@code iss}
 * (checked when the trust entry names an issuer). Validity periods are not checked: passgate's trust anchor is
 * the operator's binding of {@code iss} to its JWK set, the chain is checked for consistency with it, and the
 * specification's own example issuer signs cards after its example certificate expired.
 */
final class X5cChain {
    private static final int MAX_CERTIFICATES = 8;
    private static final int SAN_DNS = 2;
    private static final int SAN_URI = 6;

    private X5cChain() {
    }

    static Optional<String> problem(CBORObject x5c, ECPublicKey jwkKey, String issuer) {
        if (!Json.isArray(x5c) || x5c.size() == 0 || x5c.size() > MAX_CERTIFICATES) {
            return Optional.of("found an x5c that is not an array of 1 to " + MAX_CERTIFICATES + " certificates");
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < x5c.size(); i++) {
            Optional<X509Certificate> certificate = certificate(x5c.get(i));
            if (certificate.isEmpty()) {
                return Optional.of("x5c certificate " + i + " is not a base64 DER X.509 certificate");
            }
            chain.add(certificate.get());
        }
        PublicKey leafKey = chain.get(0).getPublicKey();
        if (!(leafKey instanceof ECPublicKey ecLeaf) || !IssuerKey.samePoint(ecLeaf, jwkKey)) {
            return Optional.of("the x5c leaf certificate's public key is not the JWK's key");
        }
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            X509Certificate signer = i + 1 < chain.size() ? chain.get(i + 1) : certificate;
            if (!certificate.getIssuerX500Principal().equals(signer.getSubjectX500Principal())) {
                return Optional.of("x5c certificate " + i + " is issued by " + certificate.getIssuerX500Principal()
                        + ", but the next certificate is " + signer.getSubjectX500Principal());
            }
            if (i > 0 && certificate.getBasicConstraints() < 0) {
                return Optional.of("x5c certificate " + i + " signs another certificate but is not a CA");
            }
            if (!signedBy(certificate, signer.getPublicKey())) {
                return Optional.of("x5c certificate " + i + " is not signed by "
                        + (signer == certificate ? "itself (the chain's root)" : "certificate " + (i + 1)));
            }
        }
        return issuer.isEmpty() ? Optional.empty() : sanProblem(chain.get(0), issuer);
    }

    private static Optional<String> sanProblem(X509Certificate leaf, String issuer) {
        Collection<List<?>> names;
        try {
            names = leaf.getSubjectAlternativeNames();
        } catch (CertificateParsingException e) {
            return Optional.of("the x5c leaf certificate's subject alternative names cannot be read");
        }
        if (names == null || names.isEmpty()) {
            return Optional.of("the x5c leaf certificate has no subject alternative name, expected the URI " + issuer);
        }
        List<String> found = new ArrayList<>();
        for (List<?> name : names) {
            Object type = name.get(0);
            Object value = name.get(1);
            if (Integer.valueOf(SAN_URI).equals(type) && issuer.equals(value)) {
                return Optional.empty();
            }
            found.add(sanPrefix(type) + value);
        }
        return Optional.of("the x5c leaf certificate names " + found + ", expected the URI " + issuer);
    }

    private static String sanPrefix(Object type) {
        if (Integer.valueOf(SAN_URI).equals(type)) {
            return "URI:";
        }
        return Integer.valueOf(SAN_DNS).equals(type) ? "DNS:" : "type " + type + ":";
    }

    private static Optional<X509Certificate> certificate(CBORObject item) {
        if (item.getType() != CBORType.TextString) {
            return Optional.empty();
        }
        try {
            byte[] der = Base64.getDecoder().decode(item.AsString());
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        } catch (IllegalArgumentException | CertificateException | ClassCastException e) {
            return Optional.empty();
        }
    }

    private static boolean signedBy(X509Certificate certificate, PublicKey key) {
        try {
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }
}
