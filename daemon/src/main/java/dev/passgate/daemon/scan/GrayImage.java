package dev.passgate.daemon.scan;

import java.awt.image.BufferedImage;
import java.util.Arrays;

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

    /**
     * A copy resized to {@code newWidth} x {@code newHeight} by bilinear interpolation (pixel centres aligned,
     * 16.16 fixed point). Enlarging a soft, low-resolution code this way keeps its module edges where they were,
     * which nearest-neighbour copies of blurred pixels do not.
     */
    public GrayImage resized(int newWidth, int newHeight) {
        if (newWidth <= 0 || newHeight <= 0) {
            throw new IllegalArgumentException("resized image " + newWidth + "x" + newHeight
                    + " must have positive sides");
        }
        int[] x0 = new int[newWidth];
        int[] fx = new int[newWidth];
        sourcePositions(width, newWidth, x0, fx);
        int[] y0 = new int[newHeight];
        int[] fy = new int[newHeight];
        sourcePositions(height, newHeight, y0, fy);
        byte[] out = new byte[newWidth * newHeight];
        for (int y = 0; y < newHeight; y++) {
            int top = y0[y] * width;
            int bottom = Math.min(y0[y] + 1, height - 1) * width;
            long wy = fy[y];
            for (int x = 0; x < newWidth; x++) {
                int left = x0[x];
                int right = Math.min(left + 1, width - 1);
                long wx = fx[x];
                long upper = (pixels[top + left] & 0xff) * (65536 - wx) + (pixels[top + right] & 0xff) * wx;
                long lower = (pixels[bottom + left] & 0xff) * (65536 - wx) + (pixels[bottom + right] & 0xff) * wx;
                long value = upper * (65536 - wy) + lower * wy;
                out[y * newWidth + x] = (byte) ((value + (1L << 31)) >>> 32);
            }
        }
        return new GrayImage(newWidth, newHeight, out);
    }

    /** For each target coordinate, the left/top source pixel and the 16.16 weight of the one after it. */
    private static void sourcePositions(int from, int to, int[] index, int[] weight) {
        for (int i = 0; i < to; i++) {
            long centre = ((2L * i + 1) * from * 65536L) / (2L * to) - 32768L;
            if (centre < 0) {
                centre = 0;
            }
            index[i] = (int) Math.min(centre >>> 16, from - 1);
            weight[i] = index[i] == from - 1 ? 0 : (int) (centre & 0xffff);
        }
    }

    /** A copy with a border of {@code margin} pixels of the given luminance on every side. */
    public GrayImage padded(int margin, int luminance) {
        int w = width + 2 * margin;
        int h = height + 2 * margin;
        byte[] out = new byte[w * h];
        Arrays.fill(out, (byte) luminance);
        for (int y = 0; y < height; y++) {
            System.arraycopy(pixels, y * width, out, (y + margin) * w + margin, width);
        }
        return new GrayImage(w, h, out);
    }

    /** The luminance below which {@code percent} per cent of the pixels lie (0 to 100). */
    public int percentile(int percent) {
        int[] histogram = new int[256];
        int count = width * height;
        for (int i = 0; i < count; i++) {
            histogram[pixels[i] & 0xff]++;
        }
        long wanted = (long) count * percent / 100;
        long seen = 0;
        for (int value = 0; value < 256; value++) {
            seen += histogram[value];
            if (seen > wanted) {
                return value;
            }
        }
        return 255;
    }
}
