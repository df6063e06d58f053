package dev.passgate.daemon.camera;

/**
 * A real perspective for test frames: the frame seen by a camera whose axis is not square to it, as a homography
 * (a 3x3 projective map fitted to four corner correspondences), applied by inverse mapping with bilinear sampling.
 * One side of the frame is foreshortened by {@code amount} of its length (0.3: that side appears 30 % shorter),
 * and the frame is narrowed towards it, so parallel lines converge as they do in a photo; a shear cannot do this.
 */
final class Homography {
    private static final int OUTSIDE = 90;

    private Homography() {
    }

    static byte[] foreshortened(byte[] gray, int width, int height, double amount, boolean leftSide) {
        double w = width - 1;
        double h = height - 1;
        double squeeze = amount * h / 2;
        double narrow = amount * w * 0.25;
        double[][] frame = {{0, 0}, {w, 0}, {w, h}, {0, h}};
        double[][] seen = leftSide
                ? new double[][] {{narrow, squeeze}, {w, 0}, {w, h}, {narrow, h - squeeze}}
                : new double[][] {{0, 0}, {w - narrow, squeeze}, {w - narrow, h - squeeze}, {0, h}};
        double[] toFrame = fit(seen, frame);
        byte[] out = new byte[gray.length];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                double d = toFrame[6] * x + toFrame[7] * y + 1;
                double sx = (toFrame[0] * x + toFrame[1] * y + toFrame[2]) / d;
                double sy = (toFrame[3] * x + toFrame[4] * y + toFrame[5]) / d;
                out[y * width + x] = (byte) sample(gray, width, height, sx, sy);
            }
        }
        return out;
    }

    private static int sample(byte[] gray, int width, int height, double x, double y) {
        if (x < 0 || y < 0 || x > width - 1 || y > height - 1) {
            return OUTSIDE;
        }
        int x0 = (int) x;
        int y0 = (int) y;
        int x1 = Math.min(x0 + 1, width - 1);
        int y1 = Math.min(y0 + 1, height - 1);
        double fx = x - x0;
        double fy = y - y0;
        double top = (gray[y0 * width + x0] & 0xff) * (1 - fx) + (gray[y0 * width + x1] & 0xff) * fx;
        double bottom = (gray[y1 * width + x0] & 0xff) * (1 - fx) + (gray[y1 * width + x1] & 0xff) * fx;
        return (int) Math.round(top * (1 - fy) + bottom * fy);
    }

    /** The eight coefficients (h33 = 1) of the homography taking each {@code from[i]} to {@code to[i]}. */
    static double[] fit(double[][] from, double[][] to) {
        double[][] a = new double[8][9];
        for (int i = 0; i < 4; i++) {
            double x = from[i][0];
            double y = from[i][1];
            double u = to[i][0];
            double v = to[i][1];
            a[2 * i] = new double[] {x, y, 1, 0, 0, 0, -u * x, -u * y, u};
            a[2 * i + 1] = new double[] {0, 0, 0, x, y, 1, -v * x, -v * y, v};
        }
        for (int col = 0; col < 8; col++) {
            int pivot = col;
            for (int row = col + 1; row < 8; row++) {
                if (Math.abs(a[row][col]) > Math.abs(a[pivot][col])) {
                    pivot = row;
                }
            }
            double[] swap = a[col];
            a[col] = a[pivot];
            a[pivot] = swap;
            for (int row = 0; row < 8; row++) {
                if (row != col) {
                    double f = a[row][col] / a[col][col];
                    for (int k = col; k < 9; k++) {
                        a[row][k] -= f * a[col][k];
                    }
                }
            }
        }
        double[] h = new double[8];
        for (int i = 0; i < 8; i++) {
            h[i] = a[i][8] / a[i][i];
        }
        return h;
    }
}
