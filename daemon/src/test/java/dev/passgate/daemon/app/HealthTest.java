package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.trust.TrustState;
import dev.passgate.daemon.trust.TrustStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Health}: each problem that keeps a kiosk from admitting people correctly is named with its fix. */
class HealthTest {
    private static final StatusReport.ClockState TRUSTED = new StatusReport.ClockState(true, Optional.empty(),
            Instant.EPOCH);

    @TempDir
    Path dir;

    @Test
    void aKioskWithAConnectedReaderTrustAndAWritableLogIsHealthy() {
        List<String> problems = Health.problems(Map.of("serial:/dev/ttyACM0", "CONNECTED"), 3, Optional.empty(),
                TRUSTED, dir.resolve("entries.db"), List.of("OK"));

        assertThat(problems).isEmpty();
    }

    @Test
    void namesEveryProblemWithItsFix() throws Exception {
        // given an unplugged reader, expired trust data, an untrusted clock, a read-only data folder and no sound card
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        Path log = Files.writeString(readOnly.resolve("entries.db"), "");
        Files.setPosixFilePermissions(log, PosixFilePermissions.fromString("r--r--r--"));
        StatusReport.TrustData expired = new StatusReport.TrustData(new TrustStatus(TrustState.EXPIRED, 7,
                Optional.of(Duration.ofDays(9)), Optional.empty(), TrustStatus.Effect.REFUSE, "bundle is 9 days old"),
                Optional.empty(), Optional.empty());
        StatusReport.ClockState untrusted = new StatusReport.ClockState(false,
                Optional.of("below the time floor"), Instant.EPOCH);

        // when
        List<String> problems = Health.problems(Map.of("serial:/dev/ttyACM0", "DISCONNECTED"), 0,
                Optional.of(expired), untrusted, log, List.of("NO_AUDIO_DEVICE: no mixer"));

        // then (the log check does not apply when the test runs as root, who may write anything)
        boolean root = Files.isWritable(log);
        assertThat(problems).hasSize(root ? 5 : 6);
        assertThat(problems.get(0)).startsWith("no reader is usable (serial:/dev/ttyACM0 DISCONNECTED)")
                .contains("passgate test-io");
        assertThat(problems.get(1)).startsWith("no trusted issuer").contains("verify.trust");
        assertThat(problems.get(2)).startsWith("trust data expired (bundle is 9 days old)")
                .contains("passgate bundle install");
        assertThat(problems.get(3)).startsWith("clock untrusted (below the time floor)").contains("timedatectl");
        if (!root) {
            assertThat(problems.get(4)).startsWith("entry log " + log + " is not writable");
        }
        assertThat(problems.get(problems.size() - 1)).startsWith("speaker: NO_AUDIO_DEVICE: no mixer")
                .contains("feedback.audio.enabled = false");
    }

    @Test
    void noReaderAtAllIsAProblemButAReaderStillStartingIsNot() {
        assertThat(Health.problems(Map.of(), 1, Optional.empty(), TRUSTED, dir.resolve("e.db"), List.of()))
                .singleElement().asString().startsWith("no reader is enabled");
        assertThat(Health.problems(Map.of("ffmpeg:/dev/video0", "STARTING"), 1, Optional.empty(), TRUSTED,
                dir.resolve("e.db"), List.of())).isEmpty();
    }
}
