package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.trust.BundleReader;
import dev.passgate.daemon.trust.PinnedRoots;
import dev.passgate.daemon.trust.RootKeys;
import dev.passgate.daemon.trust.TrustBundle;
import dev.passgate.daemon.verify.TrustStore;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bundle make --dsc-anchor}: a trust list in the EU DCC gateway's shape, with a trust anchor, CSCA and
 * UPLOAD entries signed by it, and DSC entries signed by the upload key as the gateway publishes them. Only the
 * document signers the anchor vouches for reach the bundle; each other one is named on stderr. The certificates are
 * valid around the real time of the test, because a CMS signature carries its signing time. The certificates
 * and CMS signatures are minted here with BouncyCastle, as a member state and the gateway would make them.
 */
class BundleGatewayAnchorTest {
    private static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");

    @TempDir
    Path dir;

    private Party anchor;
    private Party csca;
    private Party upload;
    private Party rogueAnchor;
    private Party rogueUpload;
    private Path keys;

    @BeforeEach
    void mintTheGateway() throws Exception {
        anchor = Party.selfSigned("CN=Gateway Trust Anchor,C=EU");
        rogueAnchor = Party.selfSigned("CN=Another Anchor,C=EU");
        csca = Party.selfSigned("CN=KR CSCA,C=KR");
        upload = Party.selfSigned("CN=KR Upload,C=KR");
        rogueUpload = Party.selfSigned("CN=Rogue Upload,C=KR");
        keys = dir.resolve("keys");
        assertThat(CliRun.main("bundle", "keygen", "--out", keys.toString()).exitCode()).isZero();
        try (JcaPEMWriter pem = new JcaPEMWriter(Files.newBufferedWriter(dir.resolve("anchor.pem")))) {
            pem.writeObject(anchor.certificate());
        }
    }

    @Test
    void keepsOnlyTheSignersTheTrustAnchorVouchesForAndNamesTheOthers() throws Exception {
        // given a trust list with one good DSC and four that fail one link each
        Party good = csca.issue("CN=KR DSC good,C=KR");
        Party byRogueUpload = csca.issue("CN=KR DSC rogue upload,C=KR");
        Party byRogueCsca = Party.selfSigned("CN=Rogue CSCA,C=KR").issue("CN=KR DSC rogue csca,C=KR");
        Party unsigned = csca.issue("CN=KR DSC unsigned,C=KR");
        Party tampered = csca.issue("CN=KR DSC tampered,C=KR");
        byte[] tamperedSignature = cms(upload, tampered.certificate());
        tamperedSignature[tamperedSignature.length - 5] ^= 0x01;
        List<String> entries = new ArrayList<>(List.of(
                entry("CSCA", csca.certificate(), cms(anchor, csca.certificate())),
                entry("UPLOAD", upload.certificate(), cms(anchor, upload.certificate())),
                entry("UPLOAD", rogueUpload.certificate(), cms(rogueAnchor, rogueUpload.certificate())),
                entry("DSC", good.certificate(), cms(upload, good.certificate())),
                entry("DSC", byRogueUpload.certificate(), cms(rogueUpload, byRogueUpload.certificate())),
                entry("DSC", byRogueCsca.certificate(), cms(upload, byRogueCsca.certificate())),
                entry("DSC", unsigned.certificate(), null),
                entry("DSC", tampered.certificate(), tamperedSignature)));
        Path list = Files.writeString(dir.resolve("trustlist.json"), "[" + String.join(",", entries) + "]");

        // when the bundle is made with the anchor, and once without it
        CliRun checked = make(list, "checked.pgtb", "--dsc-anchor", dir.resolve("anchor.pem").toString());
        CliRun unchecked = make(list, "unchecked.pgtb");

        // then only the vouched-for signer is in the checked bundle, and every refusal says why
        assertThat(checked.exitCode()).as(checked.err()).isZero();
        assertThat(kids(dir.resolve("checked.pgtb"))).as(checked.err()).containsExactly(kid(good.certificate()));
        assertThat(checked.err())
                .contains("[2] (UPLOAD): not signed by the gateway's trust anchor")
                .contains("[4] (DSC): its signature is not by an upload certificate signed by the trust anchor")
                .contains("[5] (DSC): no CSCA signed by the trust anchor issued it")
                .contains("[6] (DSC): its signature is not by an upload certificate")
                .contains("[7] (DSC): its signature is not by an upload certificate")
                .contains("gateway signatures: checked against 1 trust anchor certificate(s)")
                .doesNotContain("NOT checked");
        assertThat(unchecked.exitCode()).as(unchecked.err()).isZero();
        assertThat(kids(dir.resolve("unchecked.pgtb"))).hasSize(5);
        assertThat(unchecked.err()).contains("were NOT checked (give --dsc-anchor FILE");
    }

    @Test
    void refusesAnAnchorFileWithoutACertificateAndASingleCertificateThatCarriesNoSignature() throws Exception {
        Path notPem = Files.writeString(dir.resolve("anchor.txt"), "not a certificate");
        Path single = dir.resolve("dsc.der");
        Files.write(single, csca.issue("CN=KR DSC single,C=KR").certificate().getEncoded());

        CliRun badAnchor = make(single, "a.pgtb", "--dsc-anchor", notPem.toString());
        CliRun singleCertificate = make(single, "b.pgtb", "--dsc-anchor", dir.resolve("anchor.pem").toString());

        assertThat(badAnchor.exitCode()).isEqualTo(1);
        assertThat(badAnchor.err()).contains("anchor.txt: found no readable certificate").doesNotContain("Exception");
        assertThat(singleCertificate.exitCode()).isEqualTo(1);
        assertThat(singleCertificate.err()).contains("a single certificate carries no gateway signature");
        assertThat(dir.resolve("a.pgtb")).doesNotExist();
        assertThat(dir.resolve("b.pgtb")).doesNotExist();
    }

    private CliRun make(Path dsc, String out, String... more) {
        List<String> args = new ArrayList<>(List.of("bundle", "make", "--root-key", keys.resolve("root.key").toString(),
                "--dsc", dsc.toString(), "--version", "1", "--issued-at", NOW.toString(), "--out",
                dir.resolve(out).toString()));
        args.addAll(List.of(more));
        return CliRun.main(args.toArray(String[]::new));
    }

    private List<String> kids(Path bundle) throws Exception {
        String root = Base64.getEncoder().encodeToString(RootKeys.readPublicKey(keys.resolve("root.pub")).getEncoded());
        TrustBundle read = BundleReader.read(bundle, PinnedRoots.of(List.of(root)));
        return read.content().dccSigners().stream().map(signer -> signer.kid()).toList();
    }

    private static String kid(X509Certificate certificate) {
        return Base64.getEncoder().encodeToString(TrustStore.dccKeyId(certificate));
    }

    private static String entry(String type, X509Certificate certificate, byte[] signature) throws Exception {
        return "{\"kid\":\"" + kid(certificate) + "\",\"country\":\"KR\",\"certificateType\":\"" + type
                + "\",\"rawData\":\"" + Base64.getEncoder().encodeToString(certificate.getEncoded()) + "\""
                + (signature == null ? "" : ",\"signature\":\"" + Base64.getEncoder().encodeToString(signature) + "\"")
                + "}";
    }

    /** A detached CMS signature over the certificate's DER, as the gateway and upload keys make them. */
    private static byte[] cms(Party signer, X509Certificate content) throws Exception {
        CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
        ContentSigner contentSigner = new JcaContentSignerBuilder("SHA256withECDSA").build(signer.keys().getPrivate());
        generator.addSignerInfoGenerator(new JcaSignerInfoGeneratorBuilder(
                new JcaDigestCalculatorProviderBuilder().build()).build(contentSigner, signer.certificate()));
        generator.addCertificates(new JcaCertStore(List.of(signer.certificate())));
        return generator.generate(new CMSProcessableByteArray(content.getEncoded()), false).getEncoded();
    }

    private record Party(KeyPair keys, X509Certificate certificate) {
        private static long serial = 1;

        static Party selfSigned(String name) throws Exception {
            KeyPair keys = ecKeys();
            return new Party(keys, certificate(new X500Name(name), name, keys, keys));
        }

        Party issue(String name) throws Exception {
            KeyPair subject = ecKeys();
            return new Party(subject, certificate(X500Name.getInstance(certificate.getSubjectX500Principal()
                    .getEncoded()), name, subject, keys));
        }

        private static X509Certificate certificate(X500Name issuer, String subject, KeyPair subjectKeys,
                                                   KeyPair issuerKeys) throws Exception {
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
                    BigInteger.valueOf(serial++), Date.from(Instant.now().minus(Duration.ofDays(30))),
                    Date.from(Instant.now().plus(Duration.ofDays(365))), new X500Name(subject),
                    subjectKeys.getPublic());
            return new JcaX509CertificateConverter().getCertificate(builder.build(
                    new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKeys.getPrivate())));
        }

        private static KeyPair ecKeys() throws GeneralSecurityException {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        }
    }
}
