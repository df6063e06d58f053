package dev.passgate.daemon.bench;

import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.verify.pg1.Pg1KeyFiles;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.daemon.verify.shc.NumericQr;
import dev.passgate.daemon.verify.shc.ShcTestIssuer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The codes a harness scans into a kiosk that runs as its own process, minted for the real clock, with the trust
 * files its configuration names: the demo's four HC1 samples (valid, expired, forged, unknown issuer), a SMART
 * Health Card and a PG1 presentation signed fresh for each scan, in turn ({@link #next}).
 */
final class MemoryCodes {
    private final List<String> fixed;
    private final List<Path> trust;
    private final byte[] credential;
    private final KeyPair holder;
    private final SecureRandom random = new SecureRandom();
    private int next;

    private MemoryCodes(List<String> fixed, List<Path> trust, byte[] credential, KeyPair holder) {
        this.fixed = fixed;
        this.trust = trust;
        this.credential = credential;
        this.holder = holder;
    }

    /** Mints the issuers and passes for {@code now}, and writes their trust files into {@code dir}. */
    static MemoryCodes mint(Path dir, Instant now) throws IOException, CertificateEncodingException {
        Files.createDirectories(dir);
        List<String> fixed = new ArrayList<>();
        DemoPasses demo = DemoPasses.mint(now);
        demo.samples().forEach(sample -> fixed.add(sample.text()));
        Path hc1 = Files.writeString(dir.resolve("hc1-issuer.pem"), "-----BEGIN CERTIFICATE-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(demo.issuerCertificate().getEncoded())
                + "\n-----END CERTIFICATE-----\n", StandardCharsets.US_ASCII);

        ShcTestIssuer shcIssuer = ShcTestIssuer.create("https://issuer.passgate.invalid");
        fixed.add(NumericQr.encode(shcIssuer.jws(shcIssuer.payload(String.valueOf(now.getEpochSecond() - 86_400),
                null, null, ShcTestIssuer.BUNDLE))));
        Path shc = Files.writeString(dir.resolve("shc-issuer.json"),
                shcIssuer.trustEntry(shcIssuer.jwks()).ToJSONString(), StandardCharsets.UTF_8);

        SecureRandom random = new SecureRandom();
        KeyPair pg1Issuer = Pg1Keys.generate(random);
        KeyPair holder = Pg1Keys.generate(random);
        byte[] credential = Pg1Signer.credential(pg1Issuer, "MEMORY", holder.getPublic(), Fixtures.boostedHcert(),
                now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(170)));
        Path pg1 = Files.writeString(dir.resolve("pg1-issuer.pub"), Pg1KeyFiles.publicPem(pg1Issuer.getPublic()),
                StandardCharsets.US_ASCII);
        return new MemoryCodes(List.copyOf(fixed), List.of(hc1, shc, pg1), credential, holder);
    }

    /** The trust files as a TOML array's items. */
    String trustList() {
        return String.join(", ", trust.stream().map(path -> "\"" + path + "\"").toList());
    }

    /** The text the camera shows: the demo's valid HC1 pass. */
    String cameraText() {
        return fixed.get(0);
    }

    /** The next code of the mix: six kinds in turn, the PG1 presentation signed for {@code at}. */
    String next(Instant at) {
        int kind = next++ % (fixed.size() + 1);
        if (kind < fixed.size()) {
            return fixed.get(kind);
        }
        byte[] nonce = new byte[Pg1Signer.NONCE_LENGTH];
        random.nextBytes(nonce);
        return Pg1Signer.present(credential, holder.getPrivate(), at, nonce);
    }
}
