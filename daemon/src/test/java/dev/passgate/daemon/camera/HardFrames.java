package dev.passgate.daemon.camera;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/**
 * Harder camera frames than {@link PhoneFrames}' benchmark grid, drawn on top of it, each pose drawn from a seed:
 * far phones (down to 1.5 pixels per module), a real perspective (a homography that foreshortens one side, not a
 * shear), motion blur along a line, a glare spot that washes out part of the screen, moiré (a beat pattern from
 * photographing an LCD), dark-mode screens (light modules on dark), and JPEG compression as a USB camera's MJPEG
 * stream carries it. The same seed gives the same frame at any size; tuning uses {@link #TUNING} seeds and
 * reports use the {@link #HELD_OUT} seeds as well, which no decoder setting was chosen on.
 */
public final class HardFrames {
    /** The seeds decoder settings were tuned on. */
    public static final long TUNING = 1000;
    /** The seeds kept out of tuning, reported separately. */
    public static final long HELD_OUT = 2000;

    /** One pose: the base scene plus the hard effects, all from {@code seed}. */
    public record Pose(PhoneFrames.Scene scene, boolean darkMode, double perspective, int motion, double glare,
                       double moire, int jpegQuality) {
        public String label() {
            return String.format(Locale.ROOT, "s%d-d%.2f-a%.0f-p%.2f-m%d-g%.0f-r%.2f-%s-q%d", scene.seed(),
                    scene.codeShare(), scene.angleDegrees(), perspective, motion, glare, moire,
                    darkMode ? "dark" : "light", jpegQuality);
        }
    }

    private HardFrames() {
    }

    /** {@code count} poses from seeds {@code first, first + 1, ...}; every 8th has no phone. */
    public static List<Pose> poses(long first, int count) {
        List<Pose> poses = new ArrayList<>();
        for (long seed = first; seed < first + count; seed++) {
            Random random = new Random(seed * 7919);
            boolean empty = (seed % 8) == 7;
            double share = empty ? 0 : 0.2 + random.nextDouble() * 0.55;
            double angle = (random.nextDouble() - 0.5) * 80;
            int blur = random.nextInt(3) == 0 ? 1 : 0;
            PhoneFrames.Scene scene = new PhoneFrames.Scene("hard-" + seed, share, angle, 0, blur,
                    2 + random.nextDouble() * 4, seed);
            poses.add(new Pose(scene, random.nextInt(5) == 0, random.nextDouble() * 0.35,
                    random.nextInt(3) == 0 ? 2 + random.nextInt(5) : 0,
                    random.nextInt(3) == 0 ? 60 + random.nextDouble() * 120 : 0,
                    random.nextInt(4) == 0 ? 0.08 + random.nextDouble() * 0.12 : 0,
                    random.nextInt(3) == 0 ? 40 + random.nextInt(40) : 90));
        }
        return poses;
    }

    /** Draws the pose at {@code width x height} with {@code text} in the code, as gray bytes. */
    public static byte[] render(Pose pose, String text, int width, int height) {
        byte[] gray = PhoneFrames.render(pose.scene(), text, width, height, pose.darkMode());
        Random random = new Random(pose.scene().seed() * 31 + width);
        if (pose.moire() > 0) {
            moire(gray, width, height, pose.moire(), random);
        }
        if (pose.glare() > 0) {
            glare(gray, width, height, pose.glare(), random);
        }
        if (pose.perspective() > 0) {
            gray = Homography.foreshortened(gray, width, height, pose.perspective(), random.nextBoolean());
        }
        if (pose.motion() > 0) {
            gray = motionBlur(gray, width, height, pose.motion(), random.nextDouble() * Math.PI);
        }
        return jpeg(gray, width, height, pose.jpegQuality());
    }

    /** A grating slightly off the pixel grid, as an LCD's subpixels beat against the camera's sensor. */
    private static void moire(byte[] gray, int width, int height, double depth, Random random) {
        double period = 2.6 + random.nextDouble() * 1.5;
        double phi = random.nextDouble() * Math.PI;
        double cos = Math.cos(phi) / period * 2 * Math.PI;
        double sin = Math.sin(phi) / period * 2 * Math.PI;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double factor = 1 - depth * (0.5 + 0.5 * Math.sin(x * cos + y * sin));
                gray[y * width + x] = (byte) Math.round((gray[y * width + x] & 0xff) * factor);
            }
        }
    }

    /** A bright spot near the middle (where the code is), saturating the sensor at its centre. */
    private static void glare(byte[] gray, int width, int height, double strength, Random random) {
        double cx = width * (0.35 + random.nextDouble() * 0.3);
        double cy = height * (0.35 + random.nextDouble() * 0.3);
        double radius = height * (0.05 + random.nextDouble() * 0.1);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d2 = ((x - cx) * (x - cx) + (y - cy) * (y - cy)) / (radius * radius);
                if (d2 < 9) {
                    int value = (gray[y * width + x] & 0xff) + (int) (strength * Math.exp(-d2));
                    gray[y * width + x] = (byte) Math.min(255, value);
                }
            }
        }
    }

    /** The mean of {@code length} pixels along a line at {@code angle}: a phone moved during the exposure. */
    private static byte[] motionBlur(byte[] gray, int width, int height, int length, double angle) {
        byte[] out = new byte[gray.length];
        double dx = Math.cos(angle);
        double dy = Math.sin(angle);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int sum = 0;
                for (int i = 0; i < length; i++) {
                    double t = i - (length - 1) / 2.0;
                    int sx = Math.min(width - 1, Math.max(0, (int) Math.round(x + t * dx)));
                    int sy = Math.min(height - 1, Math.max(0, (int) Math.round(y + t * dy)));
                    sum += gray[sy * width + sx] & 0xff;
                }
                out[y * width + x] = (byte) (sum / length);
            }
        }
        return out;
    }

    /** The frame through a JPEG encoder and decoder at {@code quality} (percent), as MJPEG cameras send it. */
    static byte[] jpeg(byte[] gray, int width, int height, int quality) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
        System.arraycopy(gray, 0, ((DataBufferByte) image.getRaster().getDataBuffer()).getData(), 0, gray.length);
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(bytes)) {
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            param.setCompressionQuality(quality / 100f);
            writer.setOutput(out);
            writer.write(null, new IIOImage(image, null, null), param);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            writer.dispose();
        }
        try {
            BufferedImage back = ImageIO.read(new ByteArrayInputStream(bytes.toByteArray()));
            byte[] out = new byte[width * height];
            back.getRaster().getDataElements(0, 0, width, height, out);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
