package dev.passgate.daemon.scan;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code zbarimg} tool from zbar-tools as a subprocess, arguments as a list (no shell), and reads its
 * raw output. Found through {@code -Dpassgate.zbarimg=PATH}, else on the PATH.
 */
final class Zbar {
    /** What zbarimg said about one image: the decoded text, or none, and whether it ran cleanly. */
    record Answer(Optional<String> text, boolean failed, String detail) {
    }

    private static final long TIMEOUT_SECONDS = 60;
    private static final int NOTHING_FOUND = 4;
    private final Path executable;

    private Zbar(Path executable) {
        this.executable = executable;
    }

    static Optional<Zbar> find() {
        String configured = System.getProperty("passgate.zbarimg");
        if (configured != null) {
            return Files.isExecutable(Path.of(configured)) ? Optional.of(new Zbar(Path.of(configured)))
                    : Optional.empty();
        }
        String path = System.getenv().getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "zbarimg"))) {
                return Optional.of(new Zbar(Path.of(dir, "zbarimg")));
            }
        }
        return Optional.empty();
    }

    /** Decodes {@code image} with {@code zbarimg --raw -q}; one trailing newline is removed from the text. */
    Answer decode(Path image) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(List.of(executable.toString(), "--raw", "-q", image.toString()))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try (InputStream stdout = process.getInputStream()) {
            out = stdout.readAllBytes();
        }
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Answer(Optional.empty(), true, "timed out after " + TIMEOUT_SECONDS + " s");
        }
        int status = process.exitValue();
        if (status == NOTHING_FOUND) {
            return new Answer(Optional.empty(), false, "no symbol");
        }
        if (status != 0) {
            return new Answer(Optional.empty(), true, "exit status " + status);
        }
        String text = new String(out, StandardCharsets.UTF_8);
        return new Answer(Optional.of(text.endsWith("\n") ? text.substring(0, text.length() - 1) : text), false,
                "decoded");
    }

    @Override
    public String toString() {
        return executable.toString();
    }
}
