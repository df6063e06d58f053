package dev.passgate.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.aztec.AztecWriter;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QrDecoderTest {
    private static final String PASS = "HC1:NCFOXN%TS3DH3ZSUZK+.V0ETD%65NL-AH-R6IOOK.IR9B+9D-I/.N-$B3F3S0LB/3:QGV*O00";

    @Test
    void ladderRunsCheapestFirstAndEndsWithTheEnlargedViews() {
        assertThat(QrDecoder.ladder()).startsWith("hybrid", "pure", "hybrid-harder", "boofcv")
                .endsWith("triple-histogram", "boofcv-double")
                .contains("inverted", "boofcv-inverted", "aztec", "quiet-zone", "half", "double")
                .doesNotHaveDuplicates();
    }

    @Test
    void cleanRenderingReadsOnTheFirstRungWithOneAttempt() throws Exception {
        QrDecoder.Reading reading = new QrDecoder().read(GrayImage.of(qr(PASS, 4, 4)));

        assertThat(reading.text()).contains(PASS);
        assertThat(reading.rung()).contains("hybrid");
        assertThat(reading.tried()).isEqualTo(1);
    }

    @Test
    void darkModeCodeReadsOnTheInvertedRung() throws Exception {
        QrDecoder.Reading reading = new QrDecoder().read(inverted(GrayImage.of(qr(PASS, 4, 4))));

        assertThat(reading.text()).contains(PASS);
        assertThat(reading.rung()).contains("inverted");
    }

    @Test
    void codeWithoutQuietZoneStillReads() throws Exception {
        assertThat(new QrDecoder().decode(GrayImage.of(qr(PASS, 4, 0)))).contains(PASS);
    }

    @Test
    void smallSoftCodeReadsOnAnEnlargedView() throws Exception {
        GrayImage soft = GrayImage.of(shrunk(qr(PASS, 2, 4), 0.7));

        QrDecoder.Reading reading = new QrDecoder().read(soft);

        assertThat(reading.text()).contains(PASS);
        assertThat(reading.rung()).hasValueSatisfying(rung -> assertThat(rung).startsWith("double"));
    }

    @Test
    void aztecCodeReadsOnTheAztecRung() throws Exception {
        BitMatrix matrix = new AztecWriter().encode(PASS, BarcodeFormat.AZTEC, 300, 300);

        QrDecoder.Reading reading = new QrDecoder().read(GrayImage.of(image(matrix)));

        assertThat(reading.text()).contains(PASS);
        assertThat(reading.rung()).contains("aztec");
    }

    @Test
    void blankImageTriesEveryRungThatAppliesAndFindsNothing() {
        QrDecoder.Reading small = new QrDecoder().read(blank(300, 300));
        QrDecoder.Reading large = new QrDecoder().read(blank(1920, 1080));

        assertThat(small.text()).isEmpty();
        assertThat(small.rung()).isEmpty();
        assertThat(small.tried()).isEqualTo(QrDecoder.ladder().size());
        assertThat(large.tried()).as("no enlarged views of a large frame").isEqualTo(QrDecoder.ladder().size() - 4);
    }

    static BufferedImage qr(String text, int pixelsPerModule, int quietModules) throws Exception {
        BitMatrix modules = new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.L, EncodeHintType.MARGIN, quietModules));
        BufferedImage image = new BufferedImage(modules.getWidth() * pixelsPerModule,
                modules.getHeight() * pixelsPerModule, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                boolean dark = modules.get(x / pixelsPerModule, y / pixelsPerModule);
                image.getRaster().setSample(x, y, 0, dark ? 0 : 255);
            }
        }
        return image;
    }

    private static BufferedImage image(BitMatrix matrix) {
        BufferedImage image = new BufferedImage(matrix.getWidth(), matrix.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                image.getRaster().setSample(x, y, 0, matrix.get(x, y) ? 0 : 255);
            }
        }
        return image;
    }

    private static BufferedImage shrunk(BufferedImage image, double factor) {
        int width = (int) (image.getWidth() * factor);
        int height = (int) (image.getHeight() * factor);
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(image, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static GrayImage inverted(GrayImage image) {
        byte[] pixels = image.pixels().clone();
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (255 - (pixels[i] & 0xff));
        }
        return new GrayImage(image.width(), image.height(), pixels);
    }

    private static GrayImage blank(int width, int height) {
        byte[] pixels = new byte[width * height];
        java.util.Arrays.fill(pixels, (byte) 255);
        return new GrayImage(width, height, pixels);
    }
}
