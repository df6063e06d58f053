package dev.passgate.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.common.BitArray;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import dev.passgate.daemon.camera.HardFrames;
import dev.passgate.daemon.testing.PassTexts;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** {@link BlockBinarizer} must give exactly ZXing's {@link HybridBinarizer} matrix, on any image. */
class BlockBinarizerTest {
    static Stream<Arguments> seededImages() {
        return Stream.of(
                Arguments.of(1L, 40, 40), Arguments.of(2L, 48, 64), Arguments.of(3L, 64, 48),
                Arguments.of(4L, 320, 240), Arguments.of(5L, 640, 480), Arguments.of(6L, 1280, 720),
                Arguments.of(7L, 96, 1000), Arguments.of(8L, 1000, 96), Arguments.of(9L, 72, 72));
    }

    @ParameterizedTest
    @MethodSource("seededImages")
    void matchesZxingOnSeededScenes(long seed, int width, int height) throws NotFoundException {
        byte[] pixels = scene(new Random(seed), width, height);

        assertThat(BlockBinarizer.covers(width, height)).isTrue();
        assertSameMatrix(pixels, width, height);
    }

    @Test
    void matchesZxingOnHardCameraFramesAtBothSizes() throws NotFoundException {
        for (HardFrames.Pose pose : HardFrames.poses(HardFrames.TUNING, 8)) {
            assertSameMatrix(HardFrames.render(pose, PassTexts.HC1, 640, 480), 640, 480);
            assertSameMatrix(HardFrames.render(pose, PassTexts.HC1, 1280, 720), 1280, 720);
        }
    }

    @Test
    void matchesZxingOnFlatImagesWhereNeighboursDecide() throws NotFoundException {
        for (int level : new int[] {0, 1, 24, 25, 128, 254, 255}) {
            byte[] pixels = new byte[80 * 56];
            Arrays.fill(pixels, (byte) level);
            for (int i = 0; i < pixels.length; i += 97) {
                pixels[i] = (byte) (level > 128 ? level - 24 : level + 24);
            }
            assertSameMatrix(pixels, 80, 56);
        }
    }

    @Test
    void matchesZxingWhereAFlatBlocksNeighboursDiffer() throws NotFoundException {
        // A patchwork of 8x8 blocks, each flat at a level of its own or a checkerboard: a flat block's upper, left
        // and upper-left neighbours differ, so the neighbours' weights decide its black point.
        Random random = new Random(13);
        for (int image = 0; image < 20; image++) {
            int[] levels = new int[12 * 12];
            boolean[] textured = new boolean[levels.length];
            for (int block = 0; block < levels.length; block++) {
                levels[block] = random.nextInt(256);
                textured[block] = random.nextInt(3) == 0;
            }
            byte[] pixels = new byte[96 * 96];
            for (int y = 0; y < 96; y++) {
                for (int x = 0; x < 96; x++) {
                    int block = (y / 8) * 12 + x / 8;
                    int value = textured[block] ? ((x + y) % 2 == 0 ? levels[block] / 3 : 170 + levels[block] / 3)
                            : levels[block] + (x + y) % 3 - 1;
                    pixels[y * 96 + x] = (byte) Math.max(0, Math.min(255, value));
                }
            }
            assertSameMatrix(pixels, 96, 96);
        }
    }

    @Test
    void matchesZxingOnInvertedSourcesAndLongerBuffers() throws NotFoundException {
        byte[] pixels = scene(new Random(12), 320, 240);
        byte[] longer = Arrays.copyOf(pixels, pixels.length + 4096);
        Arrays.fill(longer, pixels.length, longer.length, (byte) 7);

        assertSameMatrix(source(pixels, 320, 240).invert());
        assertSameMatrix(source(longer, 320, 240));
        assertSameMatrix(source(longer, 320, 240).invert());
    }

    @Test
    void handsOtherSizesToZxing() throws NotFoundException {
        for (int[] size : new int[][] {{41, 40}, {40, 47}, {32, 32}, {8, 800}, {643, 479}}) {
            assertThat(BlockBinarizer.covers(size[0], size[1])).isFalse();
            assertSameMatrix(scene(new Random(size[0] * 31L + size[1]), size[0], size[1]), size[0], size[1]);
        }
    }

    @Test
    void rowsAreTheMatrixRows() throws NotFoundException {
        byte[] pixels = scene(new Random(11), 64, 40);
        BlockBinarizer binarizer = new BlockBinarizer(source(pixels, 64, 40));

        BitArray row = binarizer.getBlackRow(17, null);

        for (int x = 0; x < 64; x++) {
            assertThat(row.get(x)).isEqualTo(binarizer.getBlackMatrix().get(x, 17));
        }
        assertThat(binarizer.createBinarizer(source(pixels, 64, 40))).isInstanceOf(BlockBinarizer.class);
    }

    private static void assertSameMatrix(byte[] pixels, int width, int height) throws NotFoundException {
        assertSameMatrix(source(pixels, width, height));
    }

    private static void assertSameMatrix(LuminanceSource source) throws NotFoundException {
        BitMatrix theirs = new HybridBinarizer(source).getBlackMatrix();
        BitMatrix ours = new BlockBinarizer(source).getBlackMatrix();

        assertThat(ours).as("%dx%d", source.getWidth(), source.getHeight()).isEqualTo(theirs);
    }

    private static LuminanceSource source(byte[] pixels, int width, int height) {
        return new PlanarYUVLuminanceSource(pixels, width, height, 0, 0, width, height, false);
    }

    /**
     * Flat areas at random levels (some within the flat range of each other), gradients, noise and hard-edged
     * squares, so that every rule of the binarization is used.
     */
    private static byte[] scene(Random random, int width, int height) {
        byte[] pixels = new byte[width * height];
        for (int patch = 0; patch < 12; patch++) {
            int left = random.nextInt(width);
            int top = random.nextInt(height);
            int right = Math.min(width, left + 1 + random.nextInt(width));
            int bottom = Math.min(height, top + 1 + random.nextInt(height));
            int base = random.nextInt(256);
            int kind = random.nextInt(4);
            for (int y = top; y < bottom; y++) {
                for (int x = left; x < right; x++) {
                    int value = switch (kind) {
                        case 0 -> base;
                        case 1 -> base + (x - left) * 3 - (y - top);
                        case 2 -> base + random.nextInt(41) - 20;
                        default -> ((x / 5 + y / 5) % 2 == 0) ? base / 4 : 255 - base / 4;
                    };
                    pixels[y * width + x] = (byte) Math.max(0, Math.min(255, value));
                }
            }
        }
        return pixels;
    }
}
