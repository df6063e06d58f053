package dev.passgate.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.jna.Platform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelClockTest {
    @TempDir
    Path dir;

    @Test
    void linuxKernelAnswersTheReadOnlyAdjtimexCall() {
        assumeTrue(Platform.isLinux(), "adjtimex is a Linux call");

        assertThat(KernelClock.read()).as("adjtimex(modes = 0) through JNA").isPresent();
    }

    @Test
    void timeErrorMeansUnsynchronisedOtherStatesSynchronisedAndFailureUnknown() {
        assertThat(KernelClock.synchronised(0)).contains(true);
        assertThat(KernelClock.synchronised(1)).contains(true);
        assertThat(KernelClock.synchronised(4)).contains(true);
        assertThat(KernelClock.synchronised(KernelClock.TIME_ERROR)).contains(false);
        assertThat(KernelClock.synchronised(-1)).isEmpty();
    }

    @Test
    void kernelSayingUnsynchronisedOverridesAFlagFileLeftBehind() throws Exception {
        Path flag = Files.createFile(dir.resolve("synchronized"));

        SyncSignal signal = SyncSignal.combined(() -> Optional.of(false), SyncSignal.flagFile(flag));

        assertThat(signal.lastSync()).isEmpty();
    }

    @Test
    void synchronisedKernelTakesTheFlagFilesTimeAsMarkOrZeroWithoutOne() throws Exception {
        Path flag = dir.resolve("synchronized");
        SyncSignal signal = SyncSignal.combined(() -> Optional.of(true), SyncSignal.flagFile(flag));
        assertThat(signal.lastSync()).isEqualTo(OptionalLong.of(0));

        Files.createFile(flag);
        Files.setLastModifiedTime(flag, FileTime.fromMillis(1_650_000_000_000L));

        assertThat(signal.lastSync()).isEqualTo(OptionalLong.of(1_650_000_000_000L));
    }

    @Test
    void unknownKernelLeavesTheDecisionToTheFlagFile() throws Exception {
        Path flag = dir.resolve("synchronized");
        SyncSignal signal = SyncSignal.combined(Optional::empty, SyncSignal.flagFile(flag));
        assertThat(signal.lastSync()).isEmpty();

        Files.createFile(flag);
        Files.setLastModifiedTime(flag, FileTime.fromMillis(1_650_000_000_000L));

        assertThat(signal.lastSync()).isEqualTo(OptionalLong.of(1_650_000_000_000L));
    }
}
