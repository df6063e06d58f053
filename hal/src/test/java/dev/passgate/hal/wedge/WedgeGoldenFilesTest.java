package dev.passgate.hal.wedge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed recordings of a scanner typing three codes, in the 64-bit (24-byte) and 32-bit (16-byte)
 * input_event layouts, read as files through the real reader: every version must keep reading them.
 */
class WedgeGoldenFilesTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(EventLayout.class)
    void readsTheGoldenRecordingOfEachLayoutIntoTheTypedCodes(EventLayout layout) throws Exception {
        // given the golden recording copied to a file, as a device node would be read
        Path file = dir.resolve("scan.bin");
        String resource = layout == EventLayout.BITS_64 ? "scan-64.bin" : "scan-32.bin";
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.write(file, in.readAllBytes());
        }
        assertThat(Files.size(file) % layout.size()).isZero();
        List<ScannedCode> codes = new CopyOnWriteArrayList<>();

        // when the reader reads it to its end
        try (WedgeScanSource source = new WedgeScanSource(settings(file, layout), new ManualDelays(), () -> 7L)) {
            source.start(codes::add);
            assertThat(source.awaitState(WedgeScanSource.State.ENDED, Duration.ofSeconds(10))).isTrue();

            // then the codes are the typed ones, with shift and symbols, and a file is no input device to grab
            assertThat(codes).extracting(ScannedCode::text).containsExactlyElementsOf(GoldenRecordings.CODES);
            assertThat(codes).allSatisfy(code -> assertThat(code.overLength()).isFalse());
            assertThat(source.grab()).isEqualTo(Grab.NOT_AN_INPUT_DEVICE);
        }
    }

    @ParameterizedTest
    @EnumSource(EventLayout.class)
    void goldenRecordingsAreStillWhatTheRecorderWrites(EventLayout layout) throws IOException {
        String resource = layout == EventLayout.BITS_64 ? "scan-64.bin" : "scan-32.bin";
        try (InputStream in = getClass().getResourceAsStream(resource)) {
            assertThat(in.readAllBytes()).isEqualTo(GoldenRecordings.recording(layout));
        }
    }

    static WedgeSettings settings(Path file, EventLayout layout) {
        return new WedgeSettings(file.toString(), layout, WedgeSettings.Terminator.ENTER, Duration.ofMillis(80),
                true, Duration.ofMillis(100), 8192);
    }
}
