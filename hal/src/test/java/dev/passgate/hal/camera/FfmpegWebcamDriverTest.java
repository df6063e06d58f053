package dev.passgate.hal.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.sarxos.webcam.WebcamDevice;
import dev.passgate.hal.Frame;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The webcam-capture driver over the ffmpeg pipe, seen through webcam-capture's own device interface. */
class FfmpegWebcamDriverTest {
    private static final int W = 32;
    private static final int H = 24;
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void needsFfmpeg() {
        assumeTrue(TestVideos.ffmpegAvailable(), "ffmpeg is not installed");
    }

    private FfmpegWebcamDriver driverPlaying(int luminance) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            byte[] frame = new byte[W * H];
            Arrays.fill(frame, (byte) luminance);
            frames.add(frame);
        }
        Path video = TestVideos.encode(dir.resolve("flat.mkv"), W, H, 10, frames, "ffv1", 0);
        return new FfmpegWebcamDriver(List.of(TestVideos.playing(video, true, W, H, 10, Optional.empty())),
                System::nanoTime);
    }

    @Test
    void offersTheConfiguredCameraWithItsOneResolution() throws Exception {
        FfmpegWebcamDriver driver = driverPlaying(90);

        List<WebcamDevice> devices = driver.getDevices();

        assertThat(devices).hasSize(1);
        WebcamDevice device = devices.get(0);
        assertThat(device.getName()).startsWith("ffmpeg:").endsWith("flat.mkv");
        assertThat(device.getResolutions()).containsExactly(new Dimension(W, H));
        assertThatThrownBy(() -> device.setResolution(new Dimension(640, 480)))
                .hasMessageContaining("configured resolution 32x24").hasMessageContaining("640x480");
        assertThat(driver.isThreadSafe()).isFalse();
    }

    @Test
    void givesWebcamCaptureGrayImagesOfThePipe() throws Exception {
        WebcamDevice device = driverPlaying(90).getDevices().get(0);
        device.open();
        try {
            BufferedImage image = device.getImage();

            assertThat(image.getType()).isEqualTo(BufferedImage.TYPE_BYTE_GRAY);
            assertThat(image.getRaster().getSample(W / 2, H / 2, 0)).isEqualTo(90);
        } finally {
            device.close();
        }
        assertThat(device.isOpen()).isFalse();
    }

    @Test
    void feedsTheGenericWebcamFrameSourceToo() throws Exception {
        FfmpegWebcamDriver driver = driverPlaying(140);
        try (WebcamFrameSource source = new WebcamFrameSource("webcam", () -> driver, "flat", new Dimension(W, H),
                10, Duration.ofMillis(100), System::nanoTime)) {
            source.start();

            Frame frame = source.take(WAIT).orElseThrow();

            assertThat(frame.width()).isEqualTo(W);
            assertThat(frame.luma()[0] & 0xff).isEqualTo(140);
            assertThat(source.health()).isEqualTo("STREAMING");
        }
    }

    @Test
    void webcamFrameSourceWaitsForACameraThatIsNotThere() throws Exception {
        FfmpegWebcamDriver driver = driverPlaying(140);
        try (WebcamFrameSource source = new WebcamFrameSource("webcam", () -> driver, "no such camera",
                new Dimension(W, H), 10, Duration.ofMillis(100), System::nanoTime)) {
            source.start();

            assertThat(source.take(Duration.ofMillis(300))).isEmpty();
            assertThat(source.health()).isEqualTo("DISCONNECTED");
        }
    }
}
