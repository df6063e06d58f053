package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CameraConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsToAnOffFfmpegCameraAt720p() {
        CameraConfig camera = ConfigLoader.defaults(dir.resolve("x.toml")).scan().camera();

        assertThat(camera).isEqualTo(CameraConfig.DEFAULTS);
        assertThat(camera).isEqualTo(new CameraConfig(false, CameraConfig.Driver.FFMPEG, "/dev/video0", "", 1280, 720,
                15, Duration.ofMillis(10_000), Duration.ofMillis(1000), "ffmpeg"));
    }

    @Test
    void readsEveryCameraKey() throws IOException {
        Path file = Files.writeString(dir.resolve("passgate.toml"), """
                [scan.camera]
                enabled = true
                driver = "webcam-capture-default"
                device = "HD Webcam"
                input_format = "mjpeg"
                width = 640
                height = 480
                fps = 30
                repeat_interval_ms = 500
                reopen_interval_ms = 60000
                ffmpeg = "/opt/ffmpeg/bin/ffmpeg"
                """);

        ConfigResult result = ConfigLoader.load(file);

        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        assertThat(((ConfigResult.Loaded) result).config().scan().camera()).isEqualTo(new CameraConfig(true,
                CameraConfig.Driver.WEBCAM_CAPTURE_DEFAULT, "HD Webcam", "mjpeg", 640, 480, 30,
                Duration.ofMillis(500), Duration.ofMillis(60_000), "/opt/ffmpeg/bin/ffmpeg"));
    }

    @Test
    void reportsEveryBadCameraValueAtOnce() throws IOException {
        Path file = Files.writeString(dir.resolve("passgate.toml"), """
                [scan.camera]
                driver = "v4l2"
                device = ""
                input_format = "-vf evil"
                width = 4000
                height = 100
                fps = 0
                repeat_interval_ms = 10
                reopen_interval_ms = 50
                ffmpeg = ""
                zoom = 2
                """);

        String errors = ConfigLoader.load(file).toString();

        assertThat(errors).contains("scan.camera.driver: found \"v4l2\", expected one of ffmpeg, "
                        + "webcam-capture-default")
                .contains("scan.camera.device").contains("scan.camera.input_format: found \"-vf evil\"")
                .contains("scan.camera.width: found 4000, expected 160..1920")
                .contains("scan.camera.height: found 100, expected 120..1080")
                .contains("scan.camera.fps: found 0, expected 1..60")
                .contains("scan.camera.repeat_interval_ms: found 10, expected 500..600000")
                .contains("scan.camera.reopen_interval_ms: found 50, expected 100..60000")
                .contains("scan.camera.ffmpeg").contains("scan.camera.zoom");
    }

    @Test
    void recordRejectsAWidthOutOfRange() {
        assertThatThrownBy(() -> new CameraConfig(false, CameraConfig.Driver.FFMPEG, "/dev/video0", "", 100, 720, 15,
                Duration.ofSeconds(10), Duration.ofSeconds(1), "ffmpeg"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("width: found 100");
    }
}
