package dev.passgate.daemon.scan;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.daemon.testing.Corpora;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness, run with {@code -Dpassgate.qr.timing=true}: prints before and after figures of the decoder ladder on
 * the same machine in the same run, {@link PreviousQrDecoder} against {@link QrDecoder}. The common case (images
 * the first rung reads) is timed as the mean of per-image medians of six runs, alternating which decoder goes
 * first; empty camera-sized frames time the path where nothing is found; the degraded families (see
 * {@link Degradations}) give the yield of each. Nothing is asserted.
 */
class QrLadderTimingTest {
    private static final Set<String> RASTER = Set.of("png", "jpg", "jpeg", "gif", "bmp");
    private static final int RUNS = 6;

    @TempDir
    Path dir;

    @Test
    void printsBeforeAndAfterFigures() throws Exception {
        assumeTrue(Boolean.getBoolean("passgate.qr.timing"), "timing harness; run with -Dpassgate.qr.timing=true");
        List<BufferedImage> corpus = corpus();
        List<GrayImage> gray = corpus.stream().map(GrayImage::of).toList();
        QrDecoder after = new QrDecoder();
        PreviousQrDecoder before = new PreviousQrDecoder();
        for (int warm = 0; warm < 3; warm++) {
            gray.forEach(image -> {
                after.read(image);
                before.decode(image);
            });
        }
        commonCase(gray, before, after);
        wholeSet("corpus", gray, before, after);
        emptyFrames(1920, 1080, before, after);
        emptyFrames(640, 480, before, after);
        for (String family : Degradations.FAMILIES) {
            List<GrayImage> copies = new ArrayList<>();
            for (int i = 0; i < corpus.size(); i++) {
                copies.add(GrayImage.of(ImageIO.read(Degradations.write(corpus.get(i), family, dir, "i" + i, i)
                        .toFile())));
            }
            wholeSet(family, copies, before, after);
        }
    }

    private static void commonCase(List<GrayImage> images, PreviousQrDecoder before, QrDecoder after) {
        double beforeSum = 0;
        double afterSum = 0;
        int count = 0;
        for (GrayImage image : images) {
            if (!after.read(image).rung().orElse("").equals("hybrid")) {
                continue;
            }
            long[] beforeNanos = new long[RUNS];
            long[] afterNanos = new long[RUNS];
            for (int run = 0; run < RUNS; run++) {
                if (run % 2 == 0) {
                    afterNanos[run] = time(() -> after.read(image));
                    beforeNanos[run] = time(() -> before.decode(image));
                } else {
                    beforeNanos[run] = time(() -> before.decode(image));
                    afterNanos[run] = time(() -> after.read(image));
                }
            }
            beforeSum += median(beforeNanos);
            afterSum += median(afterNanos);
            count++;
        }
        System.out.printf("QR ladder timing [common case]: %d corpus images read by the first rung, mean of"
                + " per-image medians: before %.3f ms, after %.3f ms%n", count, beforeSum / count / 1e6,
                afterSum / count / 1e6);
    }

    private static void wholeSet(String name, List<GrayImage> images, PreviousQrDecoder before, QrDecoder after) {
        long[] beforeNanos = new long[images.size()];
        long[] afterNanos = new long[images.size()];
        int beforeRead = 0;
        int afterRead = 0;
        for (int i = 0; i < images.size(); i++) {
            GrayImage image = images.get(i);
            long started = System.nanoTime();
            beforeRead += before.decode(image).isPresent() ? 1 : 0;
            beforeNanos[i] = System.nanoTime() - started;
            started = System.nanoTime();
            afterRead += after.read(image).text().isPresent() ? 1 : 0;
            afterNanos[i] = System.nanoTime() - started;
        }
        System.out.printf("QR ladder timing [%s]: %d images; before: read %d, ms/image avg %.2f p99 %.2f;"
                        + " after: read %d, ms/image avg %.2f p99 %.2f%n", name, images.size(), beforeRead,
                average(beforeNanos), p99(beforeNanos), afterRead, average(afterNanos), p99(afterNanos));
    }

    private static void emptyFrames(int width, int height, PreviousQrDecoder before, QrDecoder after) {
        Random random = new Random(3);
        int frames = 20;
        long[] beforeNanos = new long[frames];
        long[] afterNanos = new long[frames];
        int tried = 0;
        for (int i = 0; i < frames; i++) {
            BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D g = frame.createGraphics();
            g.setColor(new Color(120, 120, 120));
            g.fillRect(0, 0, width, height);
            g.setColor(new Color(60, 60, 60));
            for (int k = 0; k < 30; k++) {
                g.fillRect(random.nextInt(width), random.nextInt(height), 40, 40);
            }
            g.dispose();
            GrayImage image = GrayImage.of(frame);
            beforeNanos[i] = time(() -> before.decode(image));
            long started = System.nanoTime();
            tried = after.read(image).tried();
            afterNanos[i] = System.nanoTime() - started;
        }
        System.out.printf("QR ladder timing [empty %dx%d frames]: %d frames; before ms/frame avg %.2f;"
                + " after ms/frame avg %.2f (%d rungs tried)%n", width, height, frames, average(beforeNanos),
                average(afterNanos), tried);
    }

    private static List<BufferedImage> corpus() throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (String suite : List.of("dgc-testdata", "smart-health-cards-examples", "shc-dev-tools-testdata")) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(Corpora.root().resolve(suite))) {
                files = walk.filter(Files::isRegularFile).filter(file -> RASTER.contains(extension(file))).sorted()
                        .toList();
            }
            for (Path file : files) {
                try {
                    BufferedImage image = ImageIO.read(file.toFile());
                    if (image != null) {
                        images.add(image);
                    }
                } catch (IOException | RuntimeException e) {
                    System.out.println("not an image: " + file);
                }
            }
        }
        return images;
    }

    private static long time(Runnable work) {
        long started = System.nanoTime();
        work.run();
        return System.nanoTime() - started;
    }

    private static double median(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return (sorted[(sorted.length - 1) / 2] + sorted[sorted.length / 2]) / 2.0;
    }

    private static double average(long[] nanos) {
        return Arrays.stream(nanos).average().orElse(0) / 1e6;
    }

    private static double p99(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1e6;
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        return name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    }
}
