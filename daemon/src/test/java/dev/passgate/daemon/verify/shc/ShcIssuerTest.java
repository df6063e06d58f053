package dev.passgate.daemon.verify.shc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustException;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

class ShcIssuerTest {
    private static final String ISS = "https://issuer.passgate.invalid";
    private static final ShcTestIssuer ISSUER = ShcTestIssuer.create(ISS);

    @Test
    void acceptsAKeyWithAChainUpToItsOwnRootNamingTheIssuer() throws Exception {
        KeyPair root = ecKeys("secp384r1");
        KeyPair ca = ecKeys("secp384r1");
        X509Certificate rootCert = certificate("CN=Root", root.getPublic(), "CN=Root", root.getPrivate(), true, null);
        X509Certificate caCert = certificate("CN=CA", ca.getPublic(), "CN=Root", root.getPrivate(), true, null);
        X509Certificate leaf = certificate("CN=Issuer", ISSUER.publicKey(), "CN=CA", ca.getPrivate(), false, ISS);

        ShcIssuer issuer = ShcIssuer.of(ISS, withChain(leaf, caCert, rootCert), List.of());

        assertThat(issuer.key(ISSUER.kid())).isPresent();
    }

    @Test
    void refusesChainsThatNameAnotherIssuerCarryAnotherKeyOrAreNotLinked() throws Exception {
        KeyPair root = ecKeys("secp256r1");
        KeyPair stranger = ecKeys("secp256r1");
        X509Certificate rootCert = certificate("CN=Root", root.getPublic(), "CN=Root", root.getPrivate(), true, null);
        X509Certificate leaf = certificate("CN=Issuer", ISSUER.publicKey(), "CN=Root", root.getPrivate(), false, ISS);
        X509Certificate otherKey = certificate("CN=Issuer", stranger.getPublic(), "CN=Root", root.getPrivate(),
                false, ISS);
        X509Certificate wrongSigner = certificate("CN=Issuer", ISSUER.publicKey(), "CN=Root", stranger.getPrivate(),
                false, ISS);

        assertThatThrownBy(() -> ShcIssuer.of("https://invalid.url", withChain(leaf, rootCert), List.of()))
                .hasMessageContaining("expected the URI https://invalid.url");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, withChain(otherKey, rootCert), List.of()))
                .hasMessageContaining("public key is not the JWK's key");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, withChain(wrongSigner, rootCert), List.of()))
                .hasMessageContaining("not signed by certificate 1");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, withChain(leaf), List.of()))
                .hasMessageContaining("issued by CN=Root");
    }

    @Test
    void refusesEveryKeyThatBreaksTheIssuerKeyRulesAndNamesThemAll() {
        CBORObject privateKey = ISSUER.jwk(null).Add("d", "qYg7yrhjPYGJNHc0e9xYNodLaKQvVNG6cShRyhwtwHQ");
        CBORObject wrongKid = ISSUER.jwk(null).Set("kid", "ThisIsNotTheThumbprintOfTheKey");
        CBORObject wrongUse = ISSUER.jwk(null).Set("use", "enc");
        CBORObject wrongAlg = ISSUER.jwk(null).Set("alg", "ES384");
        CBORObject wrongKty = ISSUER.jwk(null).Set("kty", "RSA");
        CBORObject offCurve = ISSUER.jwk(null).Set("y", ISSUER.jwk(null).get("x"));
        CBORObject set = CBORObject.NewMap().Add("keys", CBORObject.NewArray().Add(privateKey).Add(wrongKid)
                .Add(wrongUse).Add(wrongAlg).Add(wrongKty).Add(offCurve));

        assertThatThrownBy(() -> ShcIssuer.of(ISS, set, List.of())).isInstanceOf(TrustException.class)
                .hasMessageContaining("key 0").hasMessageContaining("private key")
                .hasMessageContaining("expected the key's thumbprint").hasMessageContaining("found use 'enc'")
                .hasMessageContaining("found alg 'ES384'").hasMessageContaining("found kty 'RSA'")
                .hasMessageContaining("not a point on P-256");
    }

    @Test
    void refusesRevocationListsThatDoNotFitTheirKey() {
        CBORObject jwks = CBORObject.NewMap().Add("keys", CBORObject.NewArray().Add(ISSUER.jwk(2)));

        assertThatThrownBy(() -> ShcIssuer.of(ISS, jwks, List.of(ISSUER.crl(1, "a"))))
                .hasMessageContaining("found ctr 1, expected the key's crlVersion 2");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, jwks, List.of(ISSUER.crl(2, "a.1636977600", "a"))))
                .hasMessageContaining("lists the rid a a second time");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, jwks, List.of(ISSUER.crl(2, "base64==", "$wrongrid!",
                "this-rid-is-longer-than-the-24-char-max")))).hasMessageContaining("rids entry 0")
                .hasMessageContaining("rids entry 1").hasMessageContaining("rids entry 2");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, jwks, List.of(ISSUER.crl(2).Set("method", "invalid-method"))))
                .hasMessageContaining("expected 'rid'");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, jwks, List.of(ISSUER.crl(2).Set("kid", "nobody"))))
                .hasMessageContaining("not a key of this issuer");
        assertThatThrownBy(() -> ShcIssuer.of(ISS, jwks, List.of(ISSUER.crl(2), ISSUER.crl(2))))
                .hasMessageContaining("a second CRL");
    }

    @Test
    void keepsTheListOfEachKey() throws Exception {
        CBORObject jwks = CBORObject.NewMap().Add("keys", CBORObject.NewArray().Add(ISSUER.jwk(3)));

        ShcIssuer issuer = ShcIssuer.of(ISS, jwks, List.of(ISSUER.crl(3, "abc.100", "def")));

        RevocationList list = issuer.revocationList(ISSUER.kid()).orElseThrow();
        assertThat(list.counter()).isEqualTo(3);
        assertThat(list.revokes("abc", 99.5)).isTrue();
        assertThat(list.revokes("abc", 100)).isFalse();
        assertThat(list.revokes("def", 1e10)).isTrue();
        assertThat(list.revokes(null, 1)).isFalse();
    }

    private static CBORObject withChain(X509Certificate... chain) throws Exception {
        CBORObject x5c = CBORObject.NewArray();
        for (X509Certificate certificate : chain) {
            x5c.Add(Base64.getEncoder().encodeToString(certificate.getEncoded()));
        }
        return CBORObject.NewMap().Add("keys", CBORObject.NewArray().Add(ISSUER.jwk(null).Add("x5c", x5c)));
    }

    private static KeyPair ecKeys(String curve) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec(curve));
        return generator.generateKeyPair();
    }

    private static X509Certificate certificate(String subject, PublicKey key, String issuer, PrivateKey signer,
                                               boolean ca, String uri) throws Exception {
        Instant from = Instant.parse("2021-06-01T00:00:00Z");
        JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer),
                BigInteger.valueOf(subject.hashCode() & 0xffff), Date.from(from),
                Date.from(from.plusSeconds(365L * 86_400)), new X500Name(subject), key);
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (uri != null) {
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, uri)));
        }
        return new JcaX509CertificateConverter().getCertificate(builder.build(
                new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }
}
