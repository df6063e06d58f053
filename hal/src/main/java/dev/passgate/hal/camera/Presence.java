package dev.passgate.hal.camera;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Whether a camera input looks usable, without opening it: for a self-test such as {@code passgate test-io}.
 * {@code detail} is one sentence for a technician naming what was checked or what is missing.
 */
public record Presence(boolean present, String detail) {
    public Presence {
        Objects.requireNonNull(detail, "detail");
    }

    /** Checks that the ffmpeg executable can be found and, when a device file is named, that it exists. */
    public static Presence ofFfmpeg(FfmpegSettings settings) {
        Optional<Path> executable = executable(settings.ffmpeg(), System.getenv("PATH"));
        if (executable.isEmpty()) {
            return new Presence(false, "ffmpeg executable '" + settings.ffmpeg() + "' not found");
        }
        if (settings.device().isPresent() && !Files.exists(settings.device().get())) {
            return new Presence(false, "camera device " + settings.device().get() + " does not exist (ffmpeg at "
                    + executable.get() + ")");
        }
        return new Presence(true, settings.device().map(d -> "camera device " + d + " exists")
                .orElse("camera input is a file") + ", ffmpeg at " + executable.get());
    }

    /** The executable a command name runs: itself when it names a path, else the first match on {@code path}. */
    static Optional<Path> executable(String command, String path) {
        if (command.contains(File.separator)) {
            Path file = Path.of(command);
            return Files.isExecutable(file) ? Optional.of(file) : Optional.empty();
        }
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
                return Optional.of(Path.of(dir, command));
            }
        }
        return Optional.empty();
    }
}
