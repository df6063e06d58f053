package dev.passgate.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The schema of {@code [scan.camera]}; see {@link CameraConfig}. */
final class CameraReader {
    private static final String NON_EMPTY_EXPECTED = "a non-empty string";
    private static final String INPUT_FORMAT_EXPECTED = "\"\" or up to 32 of a-z 0-9 _";

    private CameraReader() {
    }

    static CameraConfig camera(TomlFields fields) {
        fields.table("scan.camera", List.of("enabled", "driver", "device", "input_format", "width", "height", "fps",
                "repeat_interval_ms", "reopen_interval_ms", "ffmpeg"));
        Map<String, CameraConfig.Driver> drivers = new LinkedHashMap<>();
        for (CameraConfig.Driver driver : CameraConfig.Driver.values()) {
            drivers.put(driver.spelling(), driver);
        }
        return new CameraConfig(
                fields.bool("scan.camera.enabled", CameraConfig.DEFAULT_ENABLED),
                fields.choice("scan.camera.driver", drivers, CameraConfig.DEFAULT_DRIVER),
                fields.text("scan.camera.device", TomlFields.NON_EMPTY, NON_EMPTY_EXPECTED,
                        CameraConfig.DEFAULT_DEVICE),
                fields.text("scan.camera.input_format", CameraConfig.INPUT_FORMAT_PATTERN, INPUT_FORMAT_EXPECTED,
                        CameraConfig.DEFAULT_INPUT_FORMAT),
                fields.integer("scan.camera.width", CameraConfig.WIDTH_RANGE, CameraConfig.DEFAULT_WIDTH),
                fields.integer("scan.camera.height", CameraConfig.HEIGHT_RANGE, CameraConfig.DEFAULT_HEIGHT),
                fields.integer("scan.camera.fps", CameraConfig.FPS_RANGE, CameraConfig.DEFAULT_FPS),
                fields.millis("scan.camera.repeat_interval_ms", CameraConfig.REPEAT_INTERVAL_MS_RANGE,
                        CameraConfig.DEFAULT_REPEAT_INTERVAL),
                fields.millis("scan.camera.reopen_interval_ms", CameraConfig.REOPEN_INTERVAL_MS_RANGE,
                        CameraConfig.DEFAULT_REOPEN_INTERVAL),
                fields.text("scan.camera.ffmpeg", TomlFields.NON_EMPTY, NON_EMPTY_EXPECTED,
                        CameraConfig.DEFAULT_FFMPEG));
    }
}
