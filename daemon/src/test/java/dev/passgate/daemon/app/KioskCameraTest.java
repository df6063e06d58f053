package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.scan.Cameras;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.camera.Presence;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kiosk with {@code [scan.camera]} enabled on a camera that is not plugged in. */
class KioskCameraTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");

    @TempDir
    Path dir;

    @Test
    void startsWithoutItsCameraAndReportsItDisconnected() throws Exception {
        // given a configuration naming a camera device that does not exist
        Path device = dir.resolve("video7");
        PassgateConfig config = config(device);
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream(), true),
                TrustStore.empty(), decision -> { });

        try (Kiosk kiosk = Kiosk.assemble(config, env)) {
            // when the kiosk starts
            kiosk.start();

            // then it runs, and the status names the camera as disconnected and the kiosk as degraded
            String name = "ffmpeg:" + device;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (!"DISCONNECTED".equals(kiosk.status().readers().get(name)) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(kiosk.status().readers()).containsEntry(name, "DISCONNECTED");
            assertThat(kiosk.status().state()).isEqualTo("degraded");
            assertThat(kiosk.status().problems()).anyMatch(p -> p.startsWith("no reader is usable (" + name
                    + " DISCONNECTED): plug the reader in")).anyMatch(p -> p.startsWith("no trusted issuer"));
        }
        // and the self-test's presence check says why
        Presence presence = Cameras.presence(config.scan().camera());
        assertThat(presence.present()).isFalse();
        assertThat(presence.detail()).satisfiesAnyOf(
                detail -> assertThat(detail).startsWith("camera device " + device + " does not exist"),
                detail -> assertThat(detail).isEqualTo("ffmpeg executable 'ffmpeg' not found"));
    }

    private PassgateConfig config(Path device) throws Exception {
        Path file = Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]",
                "id = \"kiosk-camera\"",
                "data_dir = \"data\"",
                "[scan.camera]",
                "enabled = true",
                "device = \"" + device + "\"",
                "reopen_interval_ms = 100",
                ""));
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
