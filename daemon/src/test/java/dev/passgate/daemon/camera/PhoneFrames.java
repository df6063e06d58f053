package dev.passgate.daemon.camera;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.awt.image.ConvolveOp;
import java.awt.image.DataBufferByte;
import java.awt.image.Kernel;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Camera frames of a phone showing a QR pass, drawn with Java2D so that tests and benchmarks have real-looking
 * input without a camera: a cluttered, unevenly lit background; a phone with a dark bezel and a not-quite-white
 * screen with a status bar and lines of text around the code; the phone at a distance (the code's side as a share of
 * the frame height), turned in the image plane, tilted (a shear standing in for perspective), out of focus (a box
 * blur) and with sensor noise. Everything is deterministic for a scene's seed. Frames are 8-bit gray, as ffmpeg
 * delivers them.
 */
public final class PhoneFrames {
    /** One picture: {@code codeShare} is the code's side over the frame height; 0 draws no phone at all. */
    public record Scene(String label, double codeShare, double angleDegrees, double tilt, int blur, double noise,
                        long seed) {
    }

    private static final int SCREEN_LIGHT = 228;
    private static final int SCREEN_DARK = 38;

    private PhoneFrames() {
    }

    /**
     * The scenes of the benchmark: four distances, turned by 0 to 40 degrees, some tilted, some out of focus, and
     * frames with no phone at all (the common case at a kiosk).
     */
    public static List<Scene> benchmarkScenes() {
        return List.of(
                new Scene("near-straight", 0.70, 0, 0, 0, 3, 1),
                new Scene("near-turned-30", 0.60, 30, 0.05, 1, 3, 2),
                new Scene("mid-straight", 0.45, 0, 0, 0, 3, 3),
                new Scene("mid-turned-15-blur", 0.45, 15, 0.10, 2, 4, 4),
                new Scene("mid-turned-40", 0.40, 40, 0.05, 1, 3, 5),
                new Scene("far-straight", 0.30, 0, 0, 0, 3, 6),
                new Scene("far-turned-20", 0.30, 20, 0.10, 1, 4, 7),
                new Scene("far-blur", 0.30, 5, 0, 2, 4, 8),
                new Scene("very-far", 0.20, 10, 0, 0, 3, 9),
                new Scene("very-far-blur", 0.20, 0, 0.05, 1, 4, 10),
                new Scene("empty-desk", 0, 0, 0, 0, 3, 11),
                new Scene("empty-dark", 0, 0, 0, 1, 6, 12));
    }

    /** Draws the scene at {@code width x height} with {@code text} in the code, as gray bytes. */
    public static byte[] render(Scene scene, String text, int width, int height) {
        return render(scene, text, width, height, false);
    }

    /** As {@link #render}; {@code darkMode} draws light modules on a dark screen, as phones in dark mode do. */
    public static byte[] render(Scene scene, String text, int width, int height, boolean darkMode) {
        Random random = new Random(scene.seed());
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
        background(g, width, height, random);
        if (scene.codeShare() > 0) {
            phone(g, scene, text, width, height, random, darkMode);
        }
        g.dispose();
        if (scene.blur() > 0) {
            image = blurred(image, scene.blur());
        }
        byte[] gray = ((DataBufferByte) image.getRaster().getDataBuffer()).getData().clone();
        addNoise(gray, scene.noise(), random);
        return gray;
    }

    private static void background(Graphics2D g, int width, int height, Random random) {
        g.setPaint(new GradientPaint(0, 0, new Color(70, 70, 70), width, height, new Color(150, 150, 150)));
        g.fillRect(0, 0, width, height);
        for (int i = 0; i < 14; i++) {
            int level = 40 + random.nextInt(170);
            g.setColor(new Color(level, level, level));
            int w = width / 12 + random.nextInt(width / 4);
            int h = height / 12 + random.nextInt(height / 4);
            g.fillRect(random.nextInt(width), random.nextInt(height), w, h);
        }
    }

    private static void phone(Graphics2D g, Scene scene, String text, int width, int height, Random random,
                              boolean darkMode) {
        int screen = darkMode ? SCREEN_DARK : SCREEN_LIGHT;
        int ink = darkMode ? SCREEN_LIGHT : SCREEN_DARK;
        BitMatrix matrix = matrix(text);
        double codeSide = scene.codeShare() * height;
        double module = codeSide / matrix.getWidth();
        double screenW = codeSide * 1.25;
        double screenH = codeSide * 2.1;
        double bezel = codeSide * 0.06;
        AffineTransform saved = g.getTransform();
        double cx = width / 2.0 + (random.nextDouble() - 0.5) * width * 0.1;
        double cy = height / 2.0 + (random.nextDouble() - 0.5) * height * 0.1;
        g.translate(cx, cy);
        g.rotate(Math.toRadians(scene.angleDegrees()));
        g.shear(scene.tilt(), scene.tilt() / 2);
        g.setColor(new Color(22, 22, 22));
        g.fill(new RoundRectangle2D.Double(-screenW / 2 - bezel, -screenH / 2 - bezel, screenW + 2 * bezel,
                screenH + 2 * bezel, bezel * 4, bezel * 4));
        g.setColor(new Color(screen, screen, screen));
        g.fill(new RoundRectangle2D.Double(-screenW / 2, -screenH / 2, screenW, screenH, bezel * 2, bezel * 2));
        g.setColor(new Color(120, 120, 120));
        g.fill(new RoundRectangle2D.Double(-screenW / 2, -screenH / 2, screenW, screenH * 0.08, bezel, bezel));
        g.setColor(new Color(90, 90, 90));
        for (int line = 0; line < 4; line++) {
            double y = codeSide / 2 + codeSide * 0.08 + line * codeSide * 0.09;
            g.fill(new Rectangle2D.Double(-screenW * 0.4, y, screenW * (0.5 + 0.1 * (line % 3)),
                    codeSide * 0.04));
        }
        g.fill(new Rectangle2D.Double(-screenW * 0.35, -codeSide / 2 - codeSide * 0.16,
                screenW * 0.7, codeSide * 0.07));
        g.setColor(new Color(ink, ink, ink));
        double left = -codeSide / 2;
        double top = -codeSide / 2;
        for (int y = 0; y < matrix.getHeight(); y++) {
            for (int x = 0; x < matrix.getWidth(); x++) {
                if (matrix.get(x, y)) {
                    g.fill(new Rectangle2D.Double(left + x * module, top + y * module, module,
                            module));
                }
            }
        }
        g.setTransform(saved);
    }

    /** The code's modules with a quiet zone of 2, error correction M, as wallet apps show passes. */
    static BitMatrix matrix(String text) {
        try {
            return new QRCodeWriter().encode(text, BarcodeFormat.QR_CODE, 0, 0,
                    Map.of(EncodeHintType.ERROR_CORRECTION, ErrorCorrectionLevel.M, EncodeHintType.MARGIN, 2));
        } catch (WriterException e) {
            throw new IllegalArgumentException("text does not fit a QR code: " + e.getMessage(), e);
        }
    }

    private static BufferedImage blurred(BufferedImage image, int radius) {
        int side = 2 * radius + 1;
        float[] weights = new float[side * side];
        Arrays.fill(weights, 1f / weights.length);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        new ConvolveOp(new Kernel(side, side, weights), ConvolveOp.EDGE_NO_OP, null).filter(image, out);
        return out;
    }

    private static void addNoise(byte[] gray, double sigma, Random random) {
        if (sigma <= 0) {
            return;
        }
        for (int i = 0; i < gray.length; i++) {
            int value = (gray[i] & 0xff) + (int) Math.round(random.nextGaussian() * sigma);
            gray[i] = (byte) Math.max(0, Math.min(255, value));
        }
    }
}
