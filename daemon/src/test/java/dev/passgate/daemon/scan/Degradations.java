package dev.passgate.daemon.scan;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Harder copies of a code image, the way a kiosk camera or a careless issuer produces them, written to files so
 * that zbarimg and passgate read exactly the same pixels. Every family is deterministic for a given seed.
 */
final class Degradations {
    /** The families, each a file suffix. */
    static final List<String> FAMILIES = List.of("tight", "inverted", "low-contrast", "camera", "small");

    private Degradations() {
    }

    /** Writes the copy of {@code family} of {@code source} into {@code dir} and returns its path. */
    static Path write(BufferedImage source, String family, Path dir, String stem, long seed) throws IOException {
        BufferedImage gray = gray(source);
        Random random = new Random(seed);
        return switch (family) {
            case "tight" -> png(tight(gray), dir.resolve(stem + "-tight.png"));
            case "inverted" -> png(inverted(gray), dir.resolve(stem + "-inverted.png"));
            case "low-contrast" -> png(lowContrast(gray, random), dir.resolve(stem + "-low-contrast.png"));
            case "camera" -> jpeg(camera(gray, random), dir.resolve(stem + "-camera.jpg"), 0.5f);
            case "small" -> png(scaled(gray, 0.6), dir.resolve(stem + "-small.png"));
            default -> throw new IllegalArgumentException("family " + family + " is not one of " + FAMILIES);
        };
    }

    private static BufferedImage gray(BufferedImage source) {
        BufferedImage gray = new BufferedImage(source.getWidth(), source.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = gray.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, gray.getWidth(), gray.getHeight());
        g.drawImage(source, 0, 0, null);
        g.dispose();
        return gray;
    }

    /** Cropped to the dark pixels' bounding box: the code touches every edge, no quiet zone. */
    private static BufferedImage tight(BufferedImage gray) {
        WritableRaster raster = gray.getRaster();
        int left = gray.getWidth();
        int top = gray.getHeight();
        int right = -1;
        int bottom = -1;
        for (int y = 0; y < gray.getHeight(); y++) {
            for (int x = 0; x < gray.getWidth(); x++) {
                if (raster.getSample(x, y, 0) < 128) {
                    left = Math.min(left, x);
                    right = Math.max(right, x);
                    top = Math.min(top, y);
                    bottom = Math.max(bottom, y);
                }
            }
        }
        return right < 0 ? gray : gray.getSubimage(left, top, right - left + 1, bottom - top + 1);
    }

    private static BufferedImage inverted(BufferedImage gray) {
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < gray.getHeight(); y++) {
            for (int x = 0; x < gray.getWidth(); x++) {
                out.getRaster().setSample(x, y, 0, 255 - gray.getRaster().getSample(x, y, 0));
            }
        }
        return out;
    }

    /** Levels squeezed into 90..160, a left-to-right light gradient of 40 levels, and Gaussian noise (sigma 8). */
    private static BufferedImage lowContrast(BufferedImage gray, Random random) {
        BufferedImage out = new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < gray.getHeight(); y++) {
            for (int x = 0; x < gray.getWidth(); x++) {
                int value = 90 + gray.getRaster().getSample(x, y, 0) * 70 / 255
                        + (int) (random.nextGaussian() * 8) + x * 40 / gray.getWidth();
                out.getRaster().setSample(x, y, 0, Math.max(0, Math.min(255, value)));
            }
        }
        return out;
    }

    /** A 1920x1080 grey frame with dark clutter, the code 500 pixels wide and turned by 7 degrees. */
    private static BufferedImage camera(BufferedImage gray, Random random) {
        int width = 1920;
        int height = 1080;
        BufferedImage frame = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = frame.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.setColor(new Color(120, 120, 120));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(60, 60, 60));
        for (int i = 0; i < 30; i++) {
            g.fillRect(random.nextInt(width), random.nextInt(height), 40, 40);
        }
        double scale = 500.0 / gray.getWidth();
        AffineTransform place = new AffineTransform();
        place.translate(width / 2.0, height / 2.0);
        place.rotate(Math.toRadians(7));
        place.scale(scale, scale);
        place.translate(-gray.getWidth() / 2.0, -gray.getHeight() / 2.0);
        g.drawImage(gray, place, null);
        g.dispose();
        return frame;
    }

    /** Shrunk by {@code factor} with bilinear filtering: modules one or two soft pixels wide. */
    private static BufferedImage scaled(BufferedImage gray, double factor) {
        int width = Math.max(40, (int) (gray.getWidth() * factor));
        int height = Math.max(40, (int) (gray.getHeight() * factor));
        BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        g.drawImage(gray, 0, 0, width, height, null);
        g.dispose();
        return out;
    }

    private static Path png(BufferedImage image, Path file) throws IOException {
        ImageIO.write(image, "png", file.toFile());
        return file;
    }

    private static Path jpeg(BufferedImage image, Path file, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam parameters = writer.getDefaultWriteParam();
        parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        parameters.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), parameters);
        } finally {
            writer.dispose();
        }
        return file;
    }
}
