package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.demo.DemoPasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;

/**
 * A kiosk site for CLI tests, all in one temporary folder: an operator's root key (made with {@code bundle
 * keygen}), input files for {@code bundle make} in the shapes upstream publishes, and a kiosk configuration that
 * pins the root. Passes come from {@link DemoPasses}, whose issuer is in the trust list and whose stranger is not.
 */
final class BundleSite {
    static final Instant NOW = Instant.parse("2024-05-02T09:00:00Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final DemoPasses PASSES = DemoPasses.mint(NOW);

    final Path dir;
    final Path keys;
    final Path config;
    final Path installed;
    final String rootBase64;

    BundleSite(Path dir) throws Exception {
        this.dir = dir;
        this.keys = dir.resolve("keys");
        CliRun keygen = CliRun.main("bundle", "keygen", "--out", keys.toString());
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        this.rootBase64 = keygen.lines().get(3).replaceAll(".*\\[\"(.*)\"\\]", "$1");
        this.installed = dir.resolve("var/trust-bundle.pgtb");
        this.config = Files.writeString(dir.resolve("passgate.toml"), "[device]\ndata_dir = \"var\"\n"
                + "[trust]\nroots = [\"" + rootBase64 + "\"]\n");
        byte[] der = PASSES.issuerCertificate().getEncoded();
        String kid = Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(
                MessageDigest.getInstance("SHA-256").digest(der), 8));
        String thumbprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(der));
        Files.writeString(dir.resolve("trustlist.json"), "[{\"kid\":\"" + kid + "\",\"timestamp\":"
                + "\"2024-04-30T10:00:00Z\",\"country\":\"KR\",\"certificateType\":\"DSC\",\"thumbprint\":\""
                + thumbprint + "\",\"signature\":\"MEUCIQ==\",\"rawData\":\""
                + Base64.getEncoder().encodeToString(der) + "\"},"
                + "{\"kid\":\"AAECAwQFBgc=\",\"country\":\"KR\",\"certificateType\":\"CSCA\",\"rawData\":\"AA==\"}]");
        String shcKid = writeShcIssuerKeys(dir.resolve("jwks.json"));
        Files.writeString(dir.resolve("rules.json"), dev.passgate.daemon.trust.TestBundles.venuePolicy("venue",
                "vaccines-covid-19-names"));
        Files.writeString(dir.resolve("valuesets.json"), "{\"vaccines-covid-19-names\":{}}");
        Files.writeString(dir.resolve("revocation.jsonl"), "{\"country\":\"KR\",\"kid\":\"" + kid + "\","
                + "\"hashType\":\"SIGNATURE\",\"expires\":\"2025-01-01T00:00:00Z\",\"entries\":[{\"hash\":"
                + "\"AAAAAAAAAAAAAAAAAAAAAA==\"},{\"hash\":\"AQEBAQEBAQEBAQEBAQEBAQ==\"}]}\n\n"
                + "{\"iss\":\"https://shc.example.org\",\"kid\":\"" + shcKid + "\",\"method\":\"rid\",\"ctr\":3,"
                + "\"rids\":[\"MTIzNDU2Nzg\",\"OTg3NjU0MzI.1714000000\"]}\n");
    }

    /** Writes a JWK set holding one freshly minted P-256 public key, as an SHC issuer publishes it; returns its kid. */
    private static String writeShcIssuerKeys(Path file) throws Exception {
        java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("EC");
        generator.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.interfaces.ECPublicKey key =
                (java.security.interfaces.ECPublicKey) generator.generateKeyPair().getPublic();
        String kid = dev.passgate.daemon.verify.shc.IssuerKey.thumbprint(key);
        Files.writeString(file, "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"" + kid + "\",\"use\":\"sig\","
                + "\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\"" + coordinate(key.getW().getAffineX())
                + "\",\"y\":\"" + coordinate(key.getW().getAffineY()) + "\"}]}");
        return kid;
    }

    private static String coordinate(java.math.BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] fixed = new byte[32];
        int length = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - length, fixed, 32 - length, length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
    }

    /** Runs {@code bundle make} for version {@code version}, issued an hour before NOW, into {@code name}. */
    CliRun make(String name, long version, String... extra) {
        List<String> args = new ArrayList<>(List.of("bundle", "make", "--root-key", keys.resolve("root.key").toString(),
                "--dsc", dir.resolve("trustlist.json").toString(),
                "--shc-issuer", "https://shc.example.org=" + dir.resolve("jwks.json"),
                "--rules", "venue=" + dir.resolve("rules.json"),
                "--valuesets", dir.resolve("valuesets.json").toString(),
                "--revocation", dir.resolve("revocation.jsonl").toString(),
                "--version", String.valueOf(version), "--valid-for", "30d", "--issued-at", NOW.minusSeconds(3600)
                        .toString(), "--out", dir.resolve(name).toString()));
        args.addAll(List.of(extra));
        return CliRun.main(args.toArray(String[]::new));
    }

    CliRun install(String name) {
        BundleInstallCommand command = new BundleInstallCommand();
        command.useClock(CLOCK);
        return CliRun.command(command, dir.resolve(name).toString(), "--config", config.toString());
    }

    static String valid() {
        return PASSES.samples().get(0).text();
    }

    static String unknownIssuer() {
        return PASSES.samples().get(3).text();
    }
}
