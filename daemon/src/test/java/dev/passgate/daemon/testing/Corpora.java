package dev.passgate.daemon.testing;

import com.upokecenter.cbor.CBORObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Finds the external conformance suites in {@code ../shared/corpora} and reads their JSON files. */
public final class Corpora {
    private Corpora() {
    }

    public static Path root() {
        String configured = System.getProperty("passgate.shared");
        if (configured != null && Files.isDirectory(Paths.get(configured, "corpora"))) {
            return Paths.get(configured, "corpora").toAbsolutePath().normalize();
        }
        for (Path dir = Paths.get("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolveSibling("shared").resolve("corpora");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("cannot find ../shared/corpora; set -Dpassgate.shared=PATH");
    }

    public static CBORObject json(Path file) {
        try {
            return CBORObject.FromJSONString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
