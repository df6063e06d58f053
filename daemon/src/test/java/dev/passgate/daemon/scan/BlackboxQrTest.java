package dev.passgate.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.daemon.testing.Corpora;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Corpus test on real phone photos: ZXing's black-box QR sets 1, 3 and 5 in {@code ../shared/corpora/zxing-blackbox-qr}
 * (each {@code N.png} with its expected text in {@code N.txt}), with per-set thresholds as ZXing's own black-box
 * tests have. Side by side on the same pixels: passgate's ladder ({@link QrDecoder}), its ZXing rungs alone,
 * BoofCV alone ({@link BoofQr} with its default configuration) and zbarimg (when installed). A read counts only
 * with the exact expected text; a wrong text fails the test. Prints one line of figures per set; skipped with a
 * message when the corpus is absent.
 */
class BlackboxQrTest {
    /** Exact reads passgate must reach per set: all of them, measured 20 / 42 / 19 (docs/performance-camera.md). */
    private static final Map<String, Integer> THRESHOLDS = Map.of("qrcode-1", 20, "qrcode-3", 42, "qrcode-5", 19);

    @Test
    void passgateReadsEverySetAtLeastAsWellAsZbarAndBoofCvAlone() throws IOException {
        Path root = corpus();
        assumeTrue(root != null, "../shared/corpora/zxing-blackbox-qr not found; the black-box photo test is skipped");
        Optional<Zbar> zbar = Zbar.find();
        int unionZxingBoof = 0;
        int passgateAll = 0;
        for (String set : List.of("qrcode-1", "qrcode-3", "qrcode-5")) {
            SetTally tally = run(root.resolve(set), zbar.orElse(null));
            System.out.println(tally.figures(set));
            assertThat(tally.wrong).as(set + ": images read to a different text than expected").isEmpty();
            assertThat(tally.passgate).as(set + ": passgate's exact reads").isGreaterThanOrEqualTo(THRESHOLDS.get(set))
                    .isGreaterThanOrEqualTo(tally.boofAlone).isGreaterThanOrEqualTo(tally.zbar);
            unionZxingBoof += tally.union;
            passgateAll += tally.passgate;
        }
        assertThat(passgateAll).as("all sets: passgate against ZXing-ladder-or-BoofCV").isGreaterThanOrEqualTo(
                unionZxingBoof);
    }

    private static SetTally run(Path set, Zbar zbar) throws IOException {
        List<Path> images;
        try (Stream<Path> files = Files.list(set)) {
            images = files.filter(file -> file.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        SetTally tally = new SetTally(images.size(), zbar != null);
        QrDecoder passgate = new QrDecoder();
        QrDecoder zxingOnly = new QrDecoder(false);
        try (BoofQr boof = new BoofQr()) {
            for (Path image : images) {
                String expected = Files.readString(image.resolveSibling(image.getFileName().toString()
                        .replace(".png", ".txt")), StandardCharsets.UTF_8);
                GrayImage gray = GrayImage.of(read(image));
                long started = System.nanoTime();
                Optional<String> ours = passgate.decode(gray);
                tally.nanos += System.nanoTime() - started;
                Optional<String> zxing = zxingOnly.decode(gray);
                Optional<String> alone = boof.readNow(gray.pixels(), gray.width(), gray.height()).text();
                Optional<String> theirs = zbar == null ? Optional.empty() : zbarText(zbar, image);
                tally.add(image, expected, ours, zxing, alone, theirs);
            }
        }
        return tally;
    }

    private static Optional<String> zbarText(Zbar zbar, Path image) throws IOException {
        try {
            return zbar.decode(image).text();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private static BufferedImage read(Path image) throws IOException {
        BufferedImage picture = ImageIO.read(image.toFile());
        assertThat(picture).as("ImageIO reads " + image).isNotNull();
        return picture;
    }

    private static Path corpus() {
        try {
            Path root = Corpora.root().resolve("zxing-blackbox-qr");
            return Files.isDirectory(root) ? root : null;
        } catch (IllegalStateException e) {
            return null;
        }
    }

    /** Exact reads of one set, per decoder. */
    private static final class SetTally {
        final int images;
        final boolean withZbar;
        int passgate;
        int zxing;
        int boofAlone;
        int zbar;
        int union;
        long nanos;
        final List<String> wrong = new ArrayList<>();
        final List<String> missed = new ArrayList<>();

        SetTally(int images, boolean withZbar) {
            this.images = images;
            this.withZbar = withZbar;
        }

        void add(Path image, String expected, Optional<String> ours, Optional<String> zxingText,
                 Optional<String> alone, Optional<String> zbarText) {
            String name = image.getFileName().toString();
            boolean read = exact(ours, expected);
            passgate += read ? 1 : 0;
            if (ours.isPresent() && !read) {
                wrong.add(name);
            }
            if (!read) {
                missed.add(name);
            }
            zxing += exact(zxingText, expected) ? 1 : 0;
            boofAlone += exact(alone, expected) ? 1 : 0;
            zbar += exact(zbarText, expected) ? 1 : 0;
            union += exact(zxingText, expected) || exact(alone, expected) ? 1 : 0;
        }

        /** The expected text files of the sets carry no trailing newline, but tolerate one. */
        private static boolean exact(Optional<String> text, String expected) {
            return text.isPresent() && (text.get().equals(expected) || text.get().equals(expected.strip()));
        }

        String figures(String set) {
            return String.format(Locale.ROOT, "black-box %s: images %d, exact reads: passgate %d, ZXing ladder alone"
                            + " %d, BoofCV alone %d, zbarimg %s, ZXing-or-BoofCV %d; passgate ms/image %.1f;"
                            + " missed %s; wrong text %s",
                    set, images, passgate, zxing, boofAlone, withZbar ? Integer.toString(zbar) : "n/a", union,
                    nanos / 1e6 / Math.max(1, images), missed, wrong);
        }
    }
}
