package dev.passgate.hal.serial;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.scan.Framing;
import dev.passgate.hal.scan.LineScanSource;
import dev.passgate.hal.serial.SerialScanSource.State;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scanned codes are personal data: the sources log their state changes but never a code. The test log file is
 * written by the second tinylog writer configured in the test resources, at trace level.
 */
class NoScannedTextInLogsTest {
    private static final Path LOG = Path.of("target/tinylog-test.log");
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final String SECRET = "HC1:PERSONAL-DATA-4711";

    @TempDir
    Path dir;

    @Test
    void sourcesLogTheirLifeButNotTheCodesTheyRead() throws Exception {
        LinkedBlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();

        // given a stdin source and a serial source that both read the code, and a serial reader pulled out
        LineScanSource stdin = new LineScanSource("stdin", new ByteArrayInputStream(
                (SECRET + "\n" + SECRET + "-way-too-long-for-the-limit\n").getBytes(StandardCharsets.UTF_8)), 30,
                System::nanoTime);
        stdin.start(codes::add);
        assertThat(stdin.awaitEnd(WAIT)).isTrue();
        readSeriallyThenUnplug();

        // then
        assertThat(codes).extracting(ScannedCode::text).contains(SECRET);
        String log = Files.readString(LOG, StandardCharsets.UTF_8);
        assertThat(log).contains("reached end of input").doesNotContain("PERSONAL-DATA");
        if (SocatPair.available()) {
            assertThat(log).contains("went away");
        }
    }

    private void readSeriallyThenUnplug() throws Exception {
        LinkedBlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();
        if (!SocatPair.available()) {
            return;
        }
        try (SocatPair socat = SocatPair.start(dir)) {
            SerialSettings settings = new SerialSettings(socat.kiosk().toString(), 9600, Framing.CR,
                    Duration.ofMillis(100), Duration.ofMillis(100), 64);
            try (SerialScanSource serial = new SerialScanSource(settings, System::nanoTime)) {
                serial.start(codes::add);
                Assumptions.assumeTrue(serial.awaitState(State.CONNECTED, WAIT), "serial source connected");
                socat.send(SECRET + "\r");
                assertThat(codes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting(ScannedCode::text)
                        .isEqualTo(SECRET);
                socat.unplug();
                assertThat(serial.awaitState(State.DISCONNECTED, WAIT)).isTrue();
            }
        }
    }
}
