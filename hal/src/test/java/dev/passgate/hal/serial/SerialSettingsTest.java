package dev.passgate.hal.serial;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.hal.scan.Framing;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SerialSettingsTest {
    private static final Duration MS_100 = Duration.ofMillis(100);

    @Test
    void rejectsEachBadValueNamingThePortAndWhatWasFound() {
        assertThatThrownBy(() -> new SerialSettings(" ", 9600, Framing.CR, MS_100, MS_100, 10))
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> new SerialSettings("/dev/ttyACM0", 0, Framing.CR, MS_100, MS_100, 10))
                .hasMessageContaining("/dev/ttyACM0").hasMessageContaining("found 0");
        assertThatThrownBy(() -> new SerialSettings("/dev/ttyACM0", 9600, Framing.IDLE, Duration.ZERO, MS_100, 10))
                .hasMessageContaining("idle timeout").hasMessageContaining("PT0S");
        assertThatThrownBy(() -> new SerialSettings("/dev/ttyACM0", 9600, Framing.CR, MS_100, MS_100.negated(), 10))
                .hasMessageContaining("reopen interval").hasMessageContaining("PT-0.1S");
        assertThatThrownBy(() -> new SerialSettings("/dev/ttyACM0", 9600, Framing.CR, MS_100, MS_100, 0))
                .hasMessageContaining("maximum code length").hasMessageContaining("found 0");
        assertThatThrownBy(() -> new SerialSettings("/dev/ttyACM0", 9600, null, MS_100, MS_100, 10))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("framing");
    }
}
