package dev.passgate.hal.console;

import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.StatusLight;
import dev.passgate.hal.contract.DoorRelayContract;
import dev.passgate.hal.contract.StatusLightContract;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/**
 * The console light and door honour the device contracts, observed through what they printed. The console
 * buzzer prints a pattern as one line and keeps no on/off state, so the buzzer contract does not apply to it.
 */
class ConsoleDevicesContractTest {
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String lastLine() {
        String[] lines = printed.toString(StandardCharsets.UTF_8).split("\n");
        return lines[lines.length - 1];
    }

    @Nested
    class Light extends StatusLightContract {
        @Override
        protected StatusLight create() {
            return new ConsoleStatusLight(out, false);
        }

        @Override
        protected LightColor shown() {
            String line = lastLine();
            return line.isEmpty() ? LightColor.OFF : LightColor.valueOf(line.substring("[light] ".length()));
        }
    }

    @Nested
    class Door extends DoorRelayContract {
        @Override
        protected DoorRelay create(ManualDelays delays, Duration maxOn) {
            return new ConsoleDoorRelay(out, maxOn, delays);
        }

        @Override
        protected boolean energised() {
            return lastLine().startsWith("[door] open");
        }
    }
}
