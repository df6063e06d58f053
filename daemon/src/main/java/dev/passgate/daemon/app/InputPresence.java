package dev.passgate.daemon.app;

import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.scan.Cameras;
import dev.passgate.hal.camera.Presence;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tinylog.Logger;

/**
 * Whether each configured input device is there: the serial port, the keyboard-wedge device, and the camera (its
 * device path and the ffmpeg executable, see {@link Cameras#presence}). Only presence and readability are checked,
 * never opened: opening a reader is the reader's job, which also keeps waiting for one that is missing. Run by
 * {@code passgate test-io} and once by the daemon at start, which logs what is missing.
 */
public final class InputPresence {
    /** One input: its kind, its path, and what was found. */
    public record Input(String kind, String path, boolean present, String detail) {
        @Override
        public String toString() {
            return String.format("%-7s %-50s %s", kind, path, present ? "present (" + detail + ")" : "MISSING ("
                    + detail + ")");
        }
    }

    private InputPresence() {
    }

    /** The configured inputs, in the order serial, wedge, camera; stdin is always there and not listed. */
    public static List<Input> check(PassgateConfig config) {
        List<Input> inputs = new ArrayList<>();
        if (config.scan().serial().enabled()) {
            inputs.add(path("serial", config.scan().serial().port()));
        }
        if (config.scan().wedge().enabled()) {
            inputs.add(path("wedge", config.scan().wedge().device()));
        }
        if (config.scan().camera().enabled()) {
            Presence camera = Cameras.presence(config.scan().camera());
            inputs.add(new Input("camera", config.scan().camera().device(), camera.present(), camera.detail()));
        }
        return inputs;
    }

    /** Logs a WARN line for each configured input device that is missing, as the daemon does at start. */
    public static void warnMissing(PassgateConfig config) {
        check(config).stream().filter(input -> !input.present())
                .forEach(input -> Logger.warn("input missing at start: {}", input));
    }

    /** The presence of one device path: missing, present but unreadable by this user, or present. */
    public static Input path(String kind, String device) {
        Path path = Path.of(device);
        if (!Files.exists(path)) {
            return new Input(kind, device, false, "no such file");
        }
        if (!Files.isReadable(path)) {
            return new Input(kind, device, false, "not readable by this user; check its group (dialout, input, video)");
        }
        String target;
        try {
            target = Files.isSymbolicLink(path) ? "-> " + path.toRealPath() : "readable";
        } catch (IOException e) {
            target = "readable";
        }
        return new Input(kind, device, true, target);
    }
}
