package dev.passgate.daemon.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The package's launcher ({@code src/deb/passgate.sh}) run against stand-in runtimes that print their arguments: it
 * gives the native-heap trim option only to a JVM whose release file names a version that knows it, since an older
 * one refuses to start with it.
 */
class LauncherScriptTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource({"17.0.8, false", "17.0.9, true", "17.0.21.1, true", "21, false", "21.0.1, true", "25.0.3, true",
            "'', false", "garbage, false"})
    void givesTheNativeHeapTrimOnlyToRuntimesThatHaveIt(String version, boolean trims)
            throws IOException, InterruptedException {
        String arguments = launch(Optional.of(version).filter(v -> !v.isEmpty()));

        assertThat(arguments).contains("-XX:+UseSerialGC", "-XX:C1MaxInlineSize=15", "-jar /nonexistent.jar run");
        assertThat(arguments.contains("-XX:TrimNativeHeapInterval=30000")).isEqualTo(trims);
        assertThat(arguments.contains("-XX:+UnlockExperimentalVMOptions")).isEqualTo(trims);
    }

    /** The arguments the launcher passes to a stand-in {@code java} with this release version (none: no file). */
    private String launch(Optional<String> version) throws IOException, InterruptedException {
        Path home = Files.createDirectories(dir.resolve("jdk/bin"));
        Path java = home.resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$@\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (version.isPresent()) {
            Files.writeString(dir.resolve("jdk/release"), "IMPLEMENTOR=\"test\"\nJAVA_VERSION=\"" + version.get()
                    + "\"\n");
        }
        ProcessBuilder launcher = new ProcessBuilder("sh", Path.of("src/deb/passgate.sh").toAbsolutePath().toString(),
                "run").redirectErrorStream(true);
        launcher.environment().put("JAVA_HOME", dir.resolve("jdk").toString());
        launcher.environment().put("PASSGATE_JAR", "/nonexistent.jar");
        launcher.environment().put("PASSGATE_CDS_ARCHIVE", "/nonexistent.jsa");
        Process process = launcher.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).isZero();
        return out;
    }
}
