package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.scan.GrayImage;
import dev.passgate.daemon.scan.QrDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The venue's entrance QR code from {@code passgate venue-qr}, scanned by the holder's wallet, which signs its
 * presentation for that venue; the presentation rendered as a QR image, decoded and verified by kiosks of this
 * venue and of another ({@code verify --batch --config}).
 */
class VenueQrCommandTest {
    private static final String AT = "2022-02-01T08:59:58Z";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2022-02-01T09:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void printsTheEntranceCodeOfAVenueFromItsIdOrTheKioskConfiguration() throws Exception {
        Path config = Files.writeString(dir.resolve("kiosk.toml"), "[venue]\nid = \"SEOUL-HALL-1\"\n");
        Path none = Files.writeString(dir.resolve("none.toml"), "[device]\nid = \"k1\"\n");

        CliRun byId = CliRun.main("venue-qr", "--venue", "SEOUL-HALL-1");
        CliRun byConfig = CliRun.main("venue-qr", "--config", config.toString());
        CliRun noVenue = CliRun.main("venue-qr", "--config", none.toString());
        CliRun neither = CliRun.main("venue-qr");
        CliRun badId = CliRun.main("venue-qr", "--venue", "Seoul Hall");

        assertThat(byId.exitCode()).isZero();
        assertThat(byId.out().strip()).isEqualTo("PGV1:SEOUL-HALL-1");
        assertThat(byConfig.out()).isEqualTo(byId.out());
        assertThat(noVenue.exitCode()).isEqualTo(1);
        assertThat(noVenue.err()).contains("names no venue");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(badId.exitCode()).isEqualTo(2);
        assertThat(badId.err()).contains("--venue: found Seoul Hall");
    }

    @Test
    void aWalletThatScannedTheEntranceCodeIsAdmittedAtThatVenueOnly() throws Exception {
        Pg1Holder issued = Pg1Holder.issueAndPresent(dir);
        Path entrance = dir.resolve("entrance.png");
        CliRun poster = CliRun.main("venue-qr", "--venue", "SEOUL-HALL-1", "--png", entrance.toString());
        String scannedEntrance = decode(entrance);
        Path pass = dir.resolve("pass.png");
        CliRun present = CliRun.main("wallet", "present", "--credential", dir.resolve("credential.cose").toString(),
                "--key", dir.resolve("wallet/holder.key").toString(), "--at", AT, "--venue", scannedEntrance,
                "--png", pass.toString());
        String scannedPass = decode(pass);
        String batch = "{\"id\":1,\"text\":\"" + scannedPass + "\"}\n";
        String trust = "[verify]\ntrust = [\"" + dir.resolve("issuer/issuer.pub") + "\"]\n";

        CliRun here = CliRun.verify(batch, CLOCK, "--batch", "--config", Files.writeString(dir.resolve("here.toml"),
                trust + "[venue]\nid = \"SEOUL-HALL-1\"\n").toString());
        CliRun there = CliRun.verify(batch, CLOCK, "--batch", "--config", Files.writeString(
                dir.resolve("there.toml"), trust + "[venue]\nid = \"BUSAN-HALL-2\"\n").toString());
        CliRun again = CliRun.main("venue-qr", "--venue", "SEOUL-HALL-1", "--png", entrance.toString());

        assertThat(poster.exitCode()).as(poster.err()).isZero();
        assertThat(scannedEntrance).isEqualTo("PGV1:SEOUL-HALL-1");
        assertThat(present.exitCode()).as(present.err()).isZero();
        assertThat(scannedPass).startsWith("PG1:").isNotEqualTo(issued.presentation());
        CBORObject admitted = CBORObject.FromJSONString(here.out().strip());
        assertThat(admitted.get("verdict").AsString()).as(here.out() + here.err()).isEqualTo("VALID");
        assertThat(admitted.get("checks").get("venue").AsBoolean()).isTrue();
        CBORObject refused = CBORObject.FromJSONString(there.out().strip());
        assertThat(refused.get("verdict").AsString()).isEqualTo("WRONG_VENUE");
        assertThat(refused.get("checks").get("venue").AsBoolean()).isFalse();
        assertThat(refused.get("checks").get("holder").AsBoolean()).isTrue();
        assertThat(refused.get("reason").AsString()).isEqualTo(
                "the presentation was signed for venue SEOUL-HALL-1, this kiosk is venue BUSAN-HALL-2");
        assertThat(there.exitCode()).isEqualTo(1);
        assertThat(again.exitCode()).as("an existing PNG is never overwritten").isEqualTo(1);
    }

    @Test
    void theWalletRefusesAnEntranceCodeThatIsNotAVenue() throws Exception {
        Pg1Holder.issueAndPresent(dir);

        CliRun present = CliRun.main("wallet", "present", "--credential", dir.resolve("credential.cose").toString(),
                "--key", dir.resolve("wallet/holder.key").toString(), "--venue", "PGV1:no spaces");

        assertThat(present.exitCode()).isEqualTo(2);
        assertThat(present.err()).contains("--venue: found PGV1:no spaces");
    }

    private static String decode(Path png) throws Exception {
        return new QrDecoder().decode(GrayImage.of(ImageIO.read(png.toFile()))).orElseThrow();
    }
}
