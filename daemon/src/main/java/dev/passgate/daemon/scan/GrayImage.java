package dev.passgate.daemon.scan;

import java.awt.image.BufferedImage;

/**
 * An 8-bit grayscale image, row-major, one byte per pixel: the form camera frames arrive in from ffmpeg
 * ({@code -pix_fmt gray}) and the form ZXing reads without conversion.
 */
public record GrayImage(int width, int height, byte[] pixels) {
    public GrayImage {
        if (width <= 0 || height <= 0 || pixels.length < (long) width * height) {
            throw new IllegalArgumentException("gray image " + width + "x" + height + " needs " + (long) width * height
                    + " bytes, found " + pixels.length);
        }
    }

    /** Converts with the ITU-R BT.601 luma weights; transparent pixels count as white, as on paper. */
    public static GrayImage of(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        int[] row = new int[width];
        byte[] gray = new byte[width * height];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int argb = row[x];
                int alpha = argb >>> 24;
                int r = (argb >> 16) & 0xff;
                int g = (argb >> 8) & 0xff;
                int b = argb & 0xff;
                int luma = (299 * r + 587 * g + 114 * b) / 1000;
                gray[y * width + x] = (byte) ((luma * alpha + 255 * (255 - alpha)) / 255);
            }
        }
        return new GrayImage(width, height, gray);
    }

    /** A copy scaled by an integer factor down (box filter) — cheap help for very large, soft images. */
    public GrayImage downscaled(int factor) {
        int w = width / factor;
        int h = height / factor;
        byte[] out = new byte[w * h];
        int area = factor * factor;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int sum = 0;
                for (int dy = 0; dy < factor; dy++) {
                    int base = (y * factor + dy) * width + x * factor;
                    for (int dx = 0; dx < factor; dx++) {
                        sum += pixels[base + dx] & 0xff;
                    }
                }
                out[y * w + x] = (byte) (sum / area);
            }
        }
        return new GrayImage(w, h, out);
    }

    /** A copy scaled up by an integer factor (nearest neighbour), for codes whose modules are only a pixel wide. */
    public GrayImage upscaled(int factor) {
        int w = width * factor;
        int h = height * factor;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int src = (y / factor) * width;
            for (int x = 0; x < w; x++) {
                out[y * w + x] = pixels[src + x / factor];
            }
        }
        return new GrayImage(w, h, out);
    }
}
