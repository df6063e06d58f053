package dev.passgate.daemon.demo;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustStore;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.Date;
import java.util.Map;
import java.util.zip.Deflater;
import org.apache.commons.codec.binary.Base45;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * An EU DCC issuer minted on the spot: an ECDSA key pair (ES256 on P-256 unless asked otherwise) and a self-signed
 * document signer certificate, able to sign HC1 passes. It exists for the demo and for tests; its key lives only
 * in memory and is never written anywhere, so no private key ships with passgate.
 */
public final class Hc1Issuer {
    private static final int ES256 = -7;
    private static final Map<Integer, String> JCA_NAMES = Map.of(-7, "SHA256withECDSAinP1363Format",
            -35, "SHA384withECDSAinP1363Format", -36, "SHA512withECDSAinP1363Format");
    private final KeyPair keys;
    private final X509Certificate certificate;
    private final int algorithm;

    private Hc1Issuer(KeyPair keys, X509Certificate certificate, int algorithm) {
        this.keys = keys;
        this.certificate = certificate;
        this.algorithm = algorithm;
    }

    /** A new ES256 issuer on P-256 whose certificate is valid from {@code notBefore} to {@code notAfter}. */
    public static Hc1Issuer create(String commonName, Instant notBefore, Instant notAfter) {
        return create(commonName, notBefore, notAfter, "secp256r1", ES256);
    }

    /**
     * A new issuer with a key on {@code curve} (a JCA name: secp256r1, secp384r1, secp521r1) that signs with the
     * COSE ECDSA {@code algorithm} ES256 (-7), ES384 (-35) or ES512 (-36), whatever the pair.
     */
    public static Hc1Issuer create(String commonName, Instant notBefore, Instant notAfter, String curve,
                                   int algorithm) {
        if (!JCA_NAMES.containsKey(algorithm)) {
            throw new IllegalArgumentException("not an ECDSA COSE algorithm: " + algorithm);
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve));
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500Name("CN=" + commonName + ",C=KR");
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name,
                    BigInteger.valueOf(notBefore.getEpochSecond()), Date.from(notBefore), Date.from(notAfter), name,
                    keys.getPublic());
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate());
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(builder.build(signer));
            return new Hc1Issuer(keys, certificate, algorithm);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create a demo issuer", e);
        }
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Signs {@code hcert} into an {@code HC1:} text with the given issue and expiry times. */
    public String sign(CBORObject hcert, String country, Instant issuedAt, Instant expiresAt) {
        CBORObject claims = CBORObject.NewOrderedMap()
                .Add(1, country)
                .Add(4, expiresAt.getEpochSecond())
                .Add(6, issuedAt.getEpochSecond())
                .Add(-260, CBORObject.NewMap().Add(1, hcert));
        byte[] protectedHeader = CBORObject.NewOrderedMap().Add(1, algorithm)
                .Add(4, TrustStore.dccKeyId(certificate)).EncodeToBytes();
        byte[] payload = claims.EncodeToBytes();
        byte[] toBeSigned = CBORObject.NewArray().Add("Signature1").Add(protectedHeader).Add(new byte[0])
                .Add(payload).EncodeToBytes();
        byte[] signature;
        try {
            Signature ecdsa = Signature.getInstance(JCA_NAMES.get(algorithm));
            ecdsa.initSign(keys.getPrivate());
            ecdsa.update(toBeSigned);
            signature = ecdsa.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a demo pass", e);
        }
        CBORObject cose = CBORObject.FromObjectAndTag(CBORObject.NewArray().Add(protectedHeader)
                .Add(CBORObject.NewMap()).Add(payload).Add(signature), 18);
        return encode(cose.EncodeToBytes());
    }

    /** Wraps COSE bytes into an HC1 text: zlib, Base45, prefix. */
    static String encode(byte[] coseBytes) {
        return "HC1:" + new String(new Base45().encode(zlib(coseBytes)), StandardCharsets.US_ASCII);
    }

    private static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }
}
