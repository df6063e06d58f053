package dev.passgate.hal.wedge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * EVIOCGRAB through JNA on what CI has: no input device, so the grab must fail cleanly with a named outcome.
 * A successful grab, EBUSY from a second grabber and EPERM need a real /dev/input device and are not run here.
 */
class EvdevGrabTest {
    @TempDir
    Path dir;

    @Test
    void grabbingARegularFileReportsNotAnInputDevice() throws IOException {
        Path file = Files.write(dir.resolve("not-a-device"), new byte[24]);

        try (EvdevFile opened = EvdevFile.open(file)) {
            assertThat(opened.grab()).isEqualTo(Grab.NOT_AN_INPUT_DEVICE);
        }
    }

    @Test
    void grabbingAFifoReportsNotAnInputDevice() throws Exception {
        Path fifo = Fifos.make(dir.resolve("fifo"));

        try (EvdevFile opened = EvdevFile.open(fifo)) {
            assertThat(opened.grab()).isEqualTo(Grab.NOT_AN_INPUT_DEVICE);
        }
    }

    @Test
    void openingAMissingDeviceSaysSo() {
        assertThatThrownBy(() -> EvdevFile.open(dir.resolve("usb-gone-event-kbd")))
                .isInstanceOf(IOException.class).hasMessage("no such device");
    }

    @Test
    void mapsTheErrnoOfAFailedGrabToAnOutcome() {
        assertThat(Grab.ofErrno(Libc.ENOTTY)).isEqualTo(Grab.NOT_AN_INPUT_DEVICE);
        assertThat(Grab.ofErrno(Libc.EINVAL)).isEqualTo(Grab.NOT_AN_INPUT_DEVICE);
        assertThat(Grab.ofErrno(Libc.EPERM)).isEqualTo(Grab.NOT_PERMITTED);
        assertThat(Grab.ofErrno(Libc.EACCES)).isEqualTo(Grab.NOT_PERMITTED);
        assertThat(Grab.ofErrno(Libc.EBUSY)).isEqualTo(Grab.BUSY);
        assertThat(Grab.ofErrno(Libc.ENODEV)).isEqualTo(Grab.FAILED);
    }
}
