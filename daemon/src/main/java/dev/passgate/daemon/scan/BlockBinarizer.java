package dev.passgate.daemon.scan;

import com.google.zxing.Binarizer;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.common.BitArray;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;

/**
 * ZXing's local-threshold binarization ({@link HybridBinarizer}: a black point per 8x8 block, each pixel compared
 * with the mean black point of the 5x5 blocks around its own), bit for bit the same matrix, computed for the
 * kiosk's compiler. With C1 (the launcher's {@code TieredStopAtLevel=1}), ZXing's version spends most of a camera
 * frame's CPU setting one bit at a time through a method call; this one packs 32 pixels into a word before it
 * stores them, and sums the 5x5 neighbourhoods from column sums. On 1280x720 frames it takes about 55 % of
 * ZXing's time (2.2 against 4.0 ms, docs/performance-camera.md).
 *
 * <p>It covers images whose sides are multiples of 8 and at least 40 pixels (the usual camera modes: 640x480,
 * 1280x720, 1920x1080); any other image is handed to ZXing's own binarizer. {@code BlockBinarizerTest} compares
 * the two. {@link #getBlackRow} answers the matrix's row, where ZXing's answers a row thresholded on its own
 * histogram: only the 1D readers ask for rows, and passgate runs none (QR and Aztec read the matrix).
 */
final class BlockBinarizer extends Binarizer {
    private static final int BLOCK = 8;
    /** A block whose pixels span no more than this is flat: its black point comes from its neighbours. */
    private static final int FLAT_RANGE = 24;
    private static final int SMALLEST = BLOCK * 5;

    private BitMatrix matrix;

    BlockBinarizer(LuminanceSource source) {
        super(source);
    }

    /** True when this class binarizes a {@code width x height} image itself, rather than ZXing's. */
    static boolean covers(int width, int height) {
        return width % BLOCK == 0 && height % BLOCK == 0 && width >= SMALLEST && height >= SMALLEST;
    }

    @Override
    public BitMatrix getBlackMatrix() throws NotFoundException {
        if (matrix == null) {
            LuminanceSource source = getLuminanceSource();
            int width = source.getWidth();
            int height = source.getHeight();
            matrix = covers(width, height) ? binarize(source.getMatrix(), width, height)
                    : new HybridBinarizer(source).getBlackMatrix();
        }
        return matrix;
    }

    @Override
    public BitArray getBlackRow(int y, BitArray row) throws NotFoundException {
        return getBlackMatrix().getRow(y, row);
    }

    @Override
    public Binarizer createBinarizer(LuminanceSource source) {
        return new BlockBinarizer(source);
    }

    private static BitMatrix binarize(byte[] luma, int width, int height) {
        int columns = width / BLOCK;
        int rows = height / BLOCK;
        int[] blackPoints = blackPoints(luma, width, columns, rows);
        BitMatrix result = new BitMatrix(width, height);
        BitArray line = new BitArray(width);
        int[] columnSums = new int[columns];
        int[] thresholds = new int[columns];
        for (int blockRow = 0; blockRow < rows; blockRow++) {
            rowThresholds(blackPoints, columns, rows, blockRow, columnSums, thresholds);
            for (int y = blockRow * BLOCK; y < blockRow * BLOCK + BLOCK; y++) {
                packRow(luma, y * width, width, thresholds, line);
                result.setRow(y, line);
            }
        }
        return result;
    }

    /**
     * Each block's black point, row by row: its mean, or for a flat block half its darkest pixel, raised to its
     * upper and left neighbours' weighted mean when that is above its darkest pixel (a flat block inside a dark
     * area stays dark, one inside a light area stays light).
     */
    private static int[] blackPoints(byte[] luma, int width, int columns, int rows) {
        int[] points = new int[columns * rows];
        for (int blockRow = 0; blockRow < rows; blockRow++) {
            for (int column = 0; column < columns; column++) {
                int sum = 0;
                int darkest = 255;
                int lightest = 0;
                int start = blockRow * BLOCK * width + column * BLOCK;
                for (int offset = start; offset < start + BLOCK * width; offset += width) {
                    for (int i = offset; i < offset + BLOCK; i++) {
                        int value = luma[i] & 0xFF;
                        sum += value;
                        darkest = Math.min(darkest, value);
                        lightest = Math.max(lightest, value);
                    }
                }
                int point = sum / (BLOCK * BLOCK);
                if (lightest - darkest <= FLAT_RANGE) {
                    point = darkest / 2;
                    if (blockRow > 0 && column > 0) {
                        int above = (blockRow - 1) * columns + column;
                        int neighbours = (points[above] + 2 * points[above + columns - 1] + points[above - 1]) / 4;
                        point = darkest < neighbours ? neighbours : point;
                    }
                }
                points[blockRow * columns + column] = point;
            }
        }
        return points;
    }

    /**
     * The threshold of every block in {@code blockRow}: the mean black point of the 5x5 blocks centred on it,
     * the centre moved inwards at the image's edges so that all 25 lie inside.
     */
    private static void rowThresholds(int[] points, int columns, int rows, int blockRow, int[] columnSums,
                                      int[] thresholds) {
        int middle = inside(blockRow, rows);
        for (int column = 0; column < columns; column++) {
            int sum = 0;
            for (int row = middle - 2; row <= middle + 2; row++) {
                sum += points[row * columns + column];
            }
            columnSums[column] = sum;
        }
        for (int column = 0; column < columns; column++) {
            int centre = inside(column, columns);
            int sum = columnSums[centre - 2] + columnSums[centre - 1] + columnSums[centre] + columnSums[centre + 1]
                    + columnSums[centre + 2];
            thresholds[column] = sum / 25;
        }
    }

    private static int inside(int index, int count) {
        return Math.max(2, Math.min(index, count - 3));
    }

    /** One pixel row into {@code line}: a pixel is black when it is no lighter than its block's threshold. */
    private static void packRow(byte[] luma, int start, int width, int[] thresholds, BitArray line) {
        for (int x = 0; x < width; x += 32) {
            int word = 0;
            int end = Math.min(x + 32, width);
            for (int block = x; block < end; block += BLOCK) {
                int threshold = thresholds[block / BLOCK] + 1;
                int shift = block - x;
                for (int i = start + block; i < start + block + BLOCK; i++, shift++) {
                    word |= (((luma[i] & 0xFF) - threshold) >>> 31) << shift;
                }
            }
            line.setBulk(x, word);
        }
    }
}
