package dev.passgate.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class GrayImageTest {
    @Test
    void resizingToTheSameSizeKeepsEveryPixel() {
        GrayImage image = new GrayImage(3, 2, new byte[] {0, 10, 20, (byte) 200, (byte) 250, 30});

        assertThat(image.resized(3, 2).pixels()).containsExactly(image.pixels());
    }

    @Test
    void doublingInterpolatesBetweenPixelCentres() {
        GrayImage edge = new GrayImage(2, 1, new byte[] {0, (byte) 200});

        GrayImage doubled = edge.resized(4, 2);

        assertThat(unsigned(doubled.pixels())).containsExactly(0, 50, 150, 200, 0, 50, 150, 200);
    }

    @Test
    void resizeRefusesAnEmptyTarget() {
        assertThatThrownBy(() -> new GrayImage(1, 1, new byte[1]).resized(0, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0x5");
    }

    @Test
    void paddingSurroundsTheImageWithTheGivenLuminance() {
        GrayImage dot = new GrayImage(1, 1, new byte[] {0});

        GrayImage padded = dot.padded(1, 255);

        assertThat(padded.width()).isEqualTo(3);
        assertThat(unsigned(padded.pixels())).containsExactly(255, 255, 255, 255, 0, 255, 255, 255, 255);
    }

    @Test
    void percentileFindsTheBackgroundLevel() {
        byte[] pixels = new byte[100];
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] = (byte) (i < 30 ? 10 : 240);
        }
        GrayImage image = new GrayImage(10, 10, pixels);

        assertThat(image.percentile(90)).isEqualTo(240);
        assertThat(image.percentile(10)).isEqualTo(10);
    }

    private static int[] unsigned(byte[] bytes) {
        int[] values = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            values[i] = bytes[i] & 0xff;
        }
        return values;
    }
}
