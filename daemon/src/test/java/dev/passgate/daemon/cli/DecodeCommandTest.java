package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.client.j2se.MatrixToImageWriter;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.testing.Corpora;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecodeCommandTest {
    @TempDir
    Path dir;

    @Test
    void decodesARenderedPassExactly() throws Exception {
        String pass = DemoPasses.mint(Instant.parse("2022-01-01T00:00:00Z")).samples().get(0).text();
        Path png = render(pass, "pass.png");

        CliRun run = CliRun.main("decode", png.toString());

        assertThat(run.exitCode()).isZero();
        CBORObject line = CBORObject.FromJSONString(run.lines().get(0));
        assertThat(line.get("file").AsString()).isEqualTo(png.toString());
        assertThat(line.get("text").AsString()).isEqualTo(pass);
    }

    @Test
    void reportsNotFoundAndUnreadableAndExitsOne() throws Exception {
        Path blank = dir.resolve("blank.png");
        ImageIO.write(new BufferedImage(200, 200, BufferedImage.TYPE_INT_RGB), "png", blank.toFile());
        Path text = Files.writeString(dir.resolve("not-an-image.png"), "hello");
        Path good = render("HC1:TEST", "good.png");

        CliRun run = CliRun.main("decode", good.toString(), blank.toString(), text.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.lines()).extracting(l -> CBORObject.FromJSONString(l).ToJSONString()).containsExactly(
                "{\"file\":\"" + good + "\",\"text\":\"HC1:TEST\"}",
                "{\"file\":\"" + blank + "\",\"error\":\"NOT_FOUND\"}",
                "{\"file\":\"" + text + "\",\"error\":\"UNREADABLE\",\"reason\":\"not a PNG, JPEG or other image"
                        + " format this decoder reads\"}");
    }

    @Test
    void reportsTruncatedPngAndJpegAsUnreadableWithTheReason() throws Exception {
        // given a pass rendered to PNG and to JPEG, each cut off in the middle of its pixel data
        String pass = DemoPasses.mint(Instant.parse("2022-01-01T00:00:00Z")).samples().get(0).text();
        Path png = render(pass, "pass.png");
        BufferedImage image = ImageIO.read(png.toFile());
        Path jpeg = dir.resolve("pass.jpg");
        ImageIO.write(image, "jpeg", jpeg.toFile());
        Path cutPng = Files.write(dir.resolve("cut.png"), half(png));
        Path cutJpeg = Files.write(dir.resolve("cut.jpg"), half(jpeg));

        // when decode reads them
        CliRun run = CliRun.main("decode", jpeg.toString(), cutPng.toString(), cutJpeg.toString());

        // then the whole JPEG decodes and each cut file is UNREADABLE with a reason, without an exception
        assertThat(run.exitCode()).isEqualTo(1);
        List<CBORObject> lines = run.lines().stream().map(CBORObject::FromJSONString).toList();
        assertThat(lines.get(0).get("text").AsString()).isEqualTo(pass);
        for (CBORObject line : lines.subList(1, 3)) {
            assertThat(line.get("error").AsString()).isEqualTo("UNREADABLE");
            assertThat(line.get("reason").AsString()).startsWith("corrupt or truncated image");
        }
    }

    @Test
    void refusesAnImageTooLargeForTheHeapWithAReasonInsteadOfRunningOutOfMemory() throws Exception {
        // given a 45 kB PNG of 4000x4000 pixels and one of 2400x2400, and the command run with the kiosk's -Xmx64m
        Path large = checkerboard(4000, "large.png");
        Path fits = checkerboard(2400, "fits.png");
        Path stderr = dir.resolve("stderr.txt");
        String java = ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Process child = new ProcessBuilder(java, "-Xmx64m", "-XX:+UseSerialGC", "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "decode", large.toString(),
                fits.toString()).redirectError(stderr.toFile()).start();
        List<String> lines = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .toList();

        // then the large one is UNREADABLE with the reason, before any pixel is decoded, and the next one is read
        assertThat(child.waitFor()).isEqualTo(1);
        assertThat(Files.readString(stderr)).doesNotContain("OutOfMemoryError");
        assertThat(lines).hasSize(2);
        CBORObject refused = CBORObject.FromJSONString(lines.get(0));
        assertThat(refused.get("error").AsString()).isEqualTo("UNREADABLE");
        assertThat(refused.get("reason").AsString()).startsWith("image of 4000x4000 pixels, expected at most ")
                .contains("with this JVM's heap of");
        assertThat(CBORObject.FromJSONString(lines.get(1)).get("error").AsString()).isEqualTo("NOT_FOUND");
    }

    @Test
    void thePixelLimitFollowsTheHeapUpToTheFixedBound() {
        assertThat(DecodeCommand.pixelLimit(64L << 20)).isEqualTo((64L << 20) / DecodeCommand.HEAP_BYTES_PER_PIXEL);
        assertThat(DecodeCommand.pixelLimit(64L << 30)).isEqualTo(40_000_000L);
    }

    /** A gray checkerboard of 16-pixel squares: no code, and a PNG of a few tens of kB however large. */
    private Path checkerboard(int side, String name) throws java.io.IOException {
        BufferedImage image = new BufferedImage(side, side, BufferedImage.TYPE_BYTE_GRAY);
        byte[] pixels = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int y = 0; y < side; y++) {
            for (int x = 0; x < side; x++) {
                pixels[y * side + x] = (byte) ((x / 16 + y / 16) % 2 == 0 ? 0 : 255);
            }
        }
        Path file = dir.resolve(name);
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static byte[] half(Path file) throws java.io.IOException {
        byte[] whole = Files.readAllBytes(file);
        return java.util.Arrays.copyOf(whole, whole.length / 2);
    }

    @Test
    void decodesEveryEuTestImageThatTheManifestMapsToItsPrefix() {
        Path root = Corpora.root().resolve("dgc-testdata");
        CBORObject cases = Corpora.json(Corpora.root().resolve("_derived/dgc-testdata-manifest.json")).get("cases");
        List<String> misses = new ArrayList<>();
        int images = 0;
        for (CBORObject name : cases.getKeys()) {
            CBORObject testCase = cases.get(name);
            CBORObject files = testCase.get("image_files_decoding_to_PREFIX");
            if (files == null || testCase.get("expected").get("EXPECTEDPICTUREDECODE") == null
                    || !testCase.get("expected").get("EXPECTEDPICTUREDECODE").AsBoolean()) {
                continue;
            }
            String prefix = Corpora.json(root.resolve(name.AsString())).get("PREFIX").AsString();
            for (CBORObject file : files.getValues()) {
                images++;
                CliRun run = CliRun.main("decode", root.resolve(file.AsString()).toString());
                CBORObject line = CBORObject.FromJSONString(run.lines().get(0));
                if (line.get("text") == null || !prefix.equals(line.get("text").AsString())) {
                    misses.add(file.AsString());
                }
            }
        }
        System.out.printf("EU test images: %d decoded to their PREFIX, %d missed %s%n", images - misses.size(),
                misses.size(), misses);
        assertThat(images).isGreaterThan(300);
        assertThat(misses).isEmpty();
    }

    private Path render(String text, String name) throws Exception {
        var matrix = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 400, 400,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 4));
        Path file = dir.resolve(name);
        MatrixToImageWriter.writeToPath(matrix, "PNG", file);
        return file;
    }
}
