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
        Files.writeString(dir.resolve("jwks.json"), "{\"keys\":[{\"kty\":\"EC\",\"kid\":\"k1\",\"use\":\"sig\","
                + "\"alg\":\"ES256\",\"crv\":\"P-256\",\"x\":\"AQ\",\"y\":\"Ag\"}]}");
        Files.writeString(dir.resolve("rules.json"), "{\"rules\":[{\"id\":\"GR-KR-0001\"}]}");
        Files.writeString(dir.resolve("valuesets.json"), "{\"vaccines-covid-19-names\":{}}");
        Files.writeString(dir.resolve("revocation.jsonl"), "{\"country\":\"KR\",\"kid\":\"" + kid + "\","
                + "\"hashType\":\"SIGNATURE\",\"expires\":\"2025-01-01T00:00:00Z\",\"entries\":[{\"hash\":"
                + "\"AAAAAAAAAAAAAAAAAAAAAA==\"},{\"hash\":\"AQEBAQEBAQEBAQEBAQEBAQ==\"}]}\n\n"
                + "{\"iss\":\"https://shc.example.org\",\"kid\":\"k1\",\"method\":\"rid\",\"ctr\":3,"
                + "\"rids\":[\"MTIzNDU2Nzg\",\"OTg3NjU0MzI.1714000000\"]}\n");
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
