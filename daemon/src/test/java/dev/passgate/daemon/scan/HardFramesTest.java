package dev.passgate.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.daemon.camera.HardFrames;
import dev.passgate.daemon.testing.PassTexts;
import dev.passgate.hal.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Held-out hard frames ({@link HardFrames}: far, perspective, motion blur, glare, moiré, dark mode, JPEG) at
 * 640x480, seeds no decoder setting was tuned on: the still ladder reads at least as many as zbarimg and as BoofCV
 * alone, the camera decoder (each pose held for 8 frames) decides at least as many as zbarimg reads on the stills,
 * and every text read is the pass. The full figures, both sizes and more seeds, come from
 * {@link HardFramesHarness}.
 */
class HardFramesTest {
    private static final int POSES = 24;
    private static final int WIDTH = 640;
    private static final int HEIGHT = 480;

    @TempDir
    Path dir;

    @Test
    void readsHeldOutHardFramesAtLeastAsWellAsZbarAndBoofCvAlone() throws Exception {
        Optional<Zbar> zbar = Zbar.find();
        assumeTrue(zbar.isPresent(), "zbarimg not found (install zbar-tools); the comparison is skipped");
        String pass = PassTexts.HC1;
        List<HardFrames.Pose> poses = HardFrames.poses(HardFrames.HELD_OUT + 100, POSES);
        int stills = 0;
        int boofAlone = 0;
        int zbarRead = 0;
        int decided = 0;
        CameraDecoder camera = new CameraDecoder();
        try (BoofQr boof = new BoofQr()) {
            for (HardFrames.Pose pose : poses) {
                byte[] luma = HardFrames.render(pose, pass, WIDTH, HEIGHT);
                stills += count(new QrDecoder().decode(new GrayImage(WIDTH, HEIGHT, luma)), pass);
                boofAlone += count(boof.readNow(luma, WIDTH, HEIGHT).text(), pass);
                zbarRead += count(zbar.get().decode(pgm(luma)).text().filter(pass::equals), pass);
                boolean read = false;
                for (int frame = 0; frame < 8; frame++) {
                    read |= count(camera.read(new Frame(WIDTH, HEIGHT, luma, 0, 0)).text(), pass) == 1;
                }
                decided += read ? 1 : 0;
            }
        }
        System.out.printf("hard frames 640x480, %d held-out poses: stills %d, BoofCV alone %d, zbarimg %d,"
                + " camera decided %d%n", POSES, stills, boofAlone, zbarRead, decided);
        assertThat(stills).isGreaterThanOrEqualTo(Math.max(zbarRead, boofAlone));
        assertThat(decided).isGreaterThanOrEqualTo(zbarRead);
    }

    /** 1 when the text is the pass, 0 when nothing was read; a different text fails the test. */
    private static int count(Optional<String> text, String pass) {
        text.ifPresent(read -> assertThat(read).isEqualTo(pass));
        return text.isPresent() ? 1 : 0;
    }

    private Path pgm(byte[] luma) throws IOException {
        Path file = Files.createTempFile(dir, "frame", ".pgm");
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(("P5\n" + WIDTH + " " + HEIGHT + "\n255\n").getBytes(StandardCharsets.US_ASCII));
            out.write(luma);
        }
        return file;
    }
}
