package dev.passgate.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.contract.DoorRelayContract;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Pi4jDoorRelayTest {
    private static final int RELAY = 23;

    private Context pi4j;

    @BeforeEach
    void createContext() {
        pi4j = MockGpio.context();
    }

    @AfterEach
    void shutDownContext() {
        if (!pi4j.isShutdown()) {
            pi4j.shutdown();
        }
    }

    @Nested
    class ActiveHigh extends DoorRelayContract {
        private DigitalOutput pin;

        @Override
        protected DoorRelay create(ManualDelays delays, Duration maxOn) {
            DoorRelay relay = new Pi4jDoorRelay(pi4j, new PinSpec(RELAY, false), maxOn, delays);
            pin = MockGpio.output(pi4j, RELAY);
            return relay;
        }

        @Override
        protected boolean energised() {
            return MockGpio.isOn(pin, false);
        }
    }

    @Nested
    class ActiveLow extends DoorRelayContract {
        private DigitalOutput pin;

        @Override
        protected DoorRelay create(ManualDelays delays, Duration maxOn) {
            DoorRelay relay = new Pi4jDoorRelay(pi4j, new PinSpec(RELAY, true), maxOn, delays);
            pin = MockGpio.output(pi4j, RELAY);
            return relay;
        }

        @Override
        protected boolean energised() {
            return MockGpio.isOn(pin, true);
        }
    }

    @Test
    void rejectsAMaximumOnTimeOfZeroAndGivesThePinBack() {
        assertThatThrownBy(() -> new Pi4jDoorRelay(pi4j, new PinSpec(RELAY, false), Duration.ZERO, new ManualDelays()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");

        new Pi4jDoorRelay(pi4j, new PinSpec(RELAY, false), Duration.ofSeconds(1), new ManualDelays()).close();
    }
}
