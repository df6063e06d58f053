package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.scan.GrayImage;
import dev.passgate.daemon.scan.QrDecoder;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IssuerWalletCommandTest {
    private static final String HEALTH = """
            {"ver":"1.3.0","nam":{"fnt":"HONG","gnt":"GILDONG"},"dob":"1990-05-17",
             "v":[{"tg":"840539006","vp":"J07BX03","mp":"EU/1/20/1528","ma":"ORG-100030215",
                   "dn":2,"sd":2,"dt":"2021-12-20","co":"KR"}]}
            """;
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-02-01T09:00:00Z"), ZoneOffset.UTC);

    @Test
    void issuedCredentialPresentedByTheWalletVerifiesAtTheKiosk(@TempDir Path dir) throws Exception {
        CliRun issuer = CliRun.main("issuer", "init", "--out", dir.resolve("issuer").toString());
        CliRun wallet = CliRun.main("wallet", "init", "--out", dir.resolve("wallet").toString());
        Files.writeString(dir.resolve("health.json"), HEALTH);
        CliRun sign = CliRun.main("issuer", "sign", "--key", dir.resolve("issuer/issuer.key").toString(),
                "--holder-key", dir.resolve("wallet/holder.pub").toString(), "--data", dir.resolve("health.json")
                        .toString(), "--valid-days", "180", "--from", "2022-01-10T00:00:00Z",
                "--out", dir.resolve("credential.cose").toString());
        CliRun present = CliRun.main("wallet", "present", "--credential", dir.resolve("credential.cose").toString(),
                "--key", dir.resolve("wallet/holder.key").toString(), "--at", "2022-02-01T08:59:58Z");

        assertThat(issuer.exitCode()).isZero();
        assertThat(issuer.out()).startsWith("kid ").contains("-----BEGIN PUBLIC KEY-----");
        assertThat(wallet.exitCode()).isZero();
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        assertThat(Files.getPosixFilePermissions(dir.resolve("issuer/issuer.key")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        String text = present.out().strip();
        assertThat(text).startsWith("PG1:");
        String trust = dir.resolve("issuer/issuer.pub").toString();
        CliRun first = CliRun.verify("", CLOCK, "--trust", trust, text);
        assertThat(first.out()).contains("\"verdict\":\"VALID\"").contains("\"format\":\"PG1\"")
                .contains("\"holder\":true").doesNotContain("HONG").doesNotContain("1990");
        CliRun late = CliRun.verify("", Clock.offset(CLOCK, java.time.Duration.ofSeconds(31)), "--trust", trust,
                text);
        assertThat(late.out()).contains("\"verdict\":\"STALE\"");
    }

    @Test
    void presentationWrittenAsPngDecodesToAPg1Text(@TempDir Path dir) throws Exception {
        CliRun.main("issuer", "init", "--out", dir.resolve("issuer").toString());
        CliRun.main("wallet", "init", "--out", dir.resolve("wallet").toString());
        Files.writeString(dir.resolve("health.json"), HEALTH);
        CliRun.main("issuer", "sign", "--key", dir.resolve("issuer/issuer.key").toString(), "--holder-key",
                dir.resolve("wallet/holder.pub").toString(), "--data", dir.resolve("health.json").toString(),
                "--valid-days", "1", "--out", dir.resolve("credential.cose").toString());

        CliRun present = CliRun.main("wallet", "present", "--credential", dir.resolve("credential.cose").toString(),
                "--key", dir.resolve("wallet/holder.key").toString(), "--png", dir.resolve("pass.png").toString());

        assertThat(present.exitCode()).as(present.err()).isZero();
        BufferedImage image = ImageIO.read(dir.resolve("pass.png").toFile());
        Optional<String> text = new QrDecoder().decode(GrayImage.of(image));
        assertThat(text).hasValueSatisfying(t -> assertThat(t).startsWith("PG1:"));
    }

    @Test
    void refusesToOverwriteAnExistingKey(@TempDir Path dir) {
        assertThat(CliRun.main("wallet", "init", "--out", dir.toString()).exitCode()).isZero();

        CliRun again = CliRun.main("wallet", "init", "--out", dir.toString());

        assertThat(again.exitCode()).isEqualTo(1);
    }
}
