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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corpus test: passgate's {@link QrDecoder} against zbarimg over every image file of the external suites (the SVG
 * codes rendered to PNG first), and over degraded copies of them. Prints one line of figures per set. Timings
 * are printed, never asserted. Skipped, by assumption, only when zbarimg cannot be found.
 */
class QrYieldTest {
    private static final List<String> SUITES = List.of("dgc-testdata", "smart-health-cards-examples",
            "shc-dev-tools-testdata");
    private static final Set<String> RASTER = Set.of("png", "jpg", "jpeg", "gif", "bmp");
    private static final int SVG_PIXELS_PER_MODULE = 4;
    private static Zbar zbar;

    @TempDir
    Path dir;

    @BeforeAll
    static void findZbar() {
        zbar = Zbar.find().orElse(null);
    }

    @Test
    void passgateReadsEveryCorpusImageZbarReadsToTheSameText() throws Exception {
        assumeTrue(zbar != null, "zbarimg not found (install zbar-tools); the zbar comparison is skipped");
        List<Path> images = new ArrayList<>(corpusRasterImages());
        Map<Path, Path> svgTexts = renderSvgs(images);

        YieldTally tally = compare("corpus", images);

        System.out.println(tally.figures());
        assertThat(images.size()).isGreaterThan(400);
        assertThat(tally.mismatched()).as("images decoded to different texts").isEmpty();
        assertThat(tally.onlyZbar()).as("images only zbar decodes").isEmpty();
        for (Map.Entry<Path, Path> svg : svgTexts.entrySet()) {
            assertThat(new QrDecoder().decode(readGray(svg.getKey()).orElseThrow())).as(svg.getKey().toString())
                    .contains(Files.readString(svg.getValue(), StandardCharsets.UTF_8).strip());
        }
    }

    /**
     * Every corpus image zbar reads, taken at a stride ({@code -Dpassgate.yield.stride=N}, 8 by default, 1 for all)
     * and degraded five ways; passgate must read at least as many of each family as zbar, to the same text.
     */
    @Test
    void passgateReadsAtLeastAsManyDegradedCopiesAsZbar() throws Exception {
        assumeTrue(zbar != null, "zbarimg not found (install zbar-tools); the zbar comparison is skipped");
        int stride = Integer.getInteger("passgate.yield.stride", 8);
        List<Path> sources = corpusRasterImages();
        List<Optional<String>> zbarTexts = zbarAll(sources);
        Map<String, List<Path>> families = new LinkedHashMap<>();
        Degradations.FAMILIES.forEach(family -> families.put(family, new ArrayList<>()));
        int taken = 0;
        for (int i = 0; i < sources.size(); i++) {
            if (zbarTexts.get(i).isEmpty() || taken++ % stride != 0) {
                continue;
            }
            BufferedImage source = ImageIO.read(sources.get(i).toFile());
            String stem = String.format("%04d-%s", i, stem(sources.get(i)));
            for (String family : Degradations.FAMILIES) {
                families.get(family).add(Degradations.write(source, family, dir, stem, i));
            }
        }
        for (Map.Entry<String, List<Path>> family : families.entrySet()) {
            YieldTally tally = compare(family.getKey(), family.getValue());
            System.out.println(tally.figures());
            assertThat(tally.mismatched()).as(family.getKey() + ": different texts").isEmpty();
            assertThat(tally.passgateDecoded()).as(family.getKey() + ": passgate's yield against zbar's")
                    .isGreaterThanOrEqualTo(tally.zbarDecoded());
        }
    }

    /** Runs zbar on every image (two at a time), then passgate on each in turn, timing the decode alone. */
    private static YieldTally compare(String name, List<Path> images) throws Exception {
        List<Zbar.Answer> answers = zbarAnswers(images);
        QrDecoder decoder = new QrDecoder();
        YieldTally tally = new YieldTally(name);
        for (int i = 0; i < images.size(); i++) {
            Optional<GrayImage> gray = readGray(images.get(i));
            if (gray.isEmpty()) {
                tally.add(images.get(i), answers.get(i), null, 0);
                continue;
            }
            long started = System.nanoTime();
            QrDecoder.Reading reading = decoder.read(gray.get());
            tally.add(images.get(i), answers.get(i), reading, System.nanoTime() - started);
        }
        return tally;
    }

    private static List<Zbar.Answer> zbarAnswers(List<Path> images) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Zbar.Answer>> pending = new ArrayList<>();
            for (Path image : images) {
                pending.add(pool.submit(() -> zbar.decode(image)));
            }
            List<Zbar.Answer> answers = new ArrayList<>();
            for (Future<Zbar.Answer> answer : pending) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static List<Optional<String>> zbarAll(List<Path> images) throws Exception {
        return zbarAnswers(images).stream().map(Zbar.Answer::text).toList();
    }

    /** Every raster image file of the three suites, in a stable order. */
    private static List<Path> corpusRasterImages() throws IOException {
        List<Path> images = new ArrayList<>();
        for (String suite : SUITES) {
            try (Stream<Path> files = Files.walk(Corpora.root().resolve(suite))) {
                files.filter(Files::isRegularFile).filter(file -> RASTER.contains(extension(file))).sorted()
                        .forEach(images::add);
            }
        }
        return images;
    }

    /**
     * Renders each SVG code of the suites to a PNG in the temporary folder, adds it to {@code images}, and returns
     * the rendered files mapped to the text files that hold their expected content ({@code -f-...-numeric-value}).
     */
    private Map<Path, Path> renderSvgs(List<Path> images) throws IOException {
        Map<Path, Path> texts = new LinkedHashMap<>();
        for (String suite : SUITES) {
            List<Path> svgs;
            try (Stream<Path> files = Files.walk(Corpora.root().resolve(suite))) {
                svgs = files.filter(file -> extension(file).equals("svg")).sorted().toList();
            }
            for (Path svg : svgs) {
                Optional<BufferedImage> raster = SvgQrRaster.render(svg, SVG_PIXELS_PER_MODULE);
                assertThat(raster).as("the SVG renderer understands " + svg).isPresent();
                Path png = dir.resolve(stem(svg) + ".svg.png");
                ImageIO.write(raster.get(), "png", png.toFile());
                images.add(png);
                Path text = svg.resolveSibling(svg.getFileName().toString()
                        .replace("-g-qr-code-", "-f-qr-code-numeric-value-").replace(".svg", ".txt"));
                if (Files.exists(text)) {
                    texts.put(png, text);
                }
            }
        }
        return texts;
    }

    /** Reads an image as {@code passgate decode} does; empty when it is not an image ImageIO can read. */
    private static Optional<GrayImage> readGray(Path file) {
        try {
            BufferedImage image = ImageIO.read(file.toFile());
            return image == null ? Optional.empty() : Optional.of(GrayImage.of(image));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return (dot < 0 ? name : name.substring(0, dot)).replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
