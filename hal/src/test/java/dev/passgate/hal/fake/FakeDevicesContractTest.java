package dev.passgate.hal.fake;

import dev.passgate.hal.Buzzer;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.StatusLight;
import dev.passgate.hal.contract.BuzzerContract;
import dev.passgate.hal.contract.DoorRelayContract;
import dev.passgate.hal.contract.StatusLightContract;
import java.time.Duration;
import org.junit.jupiter.api.Nested;

/** The fakes honour the same device contracts as the Pi4J implementations. */
class FakeDevicesContractTest {
    private final ManualDelays clock = new ManualDelays();
    private final Timeline timeline = new Timeline(clock::nanoTime);

    @Nested
    class Light extends StatusLightContract {
        private FakeStatusLight light;

        @Override
        protected StatusLight create() {
            light = new FakeStatusLight(timeline);
            return light;
        }

        @Override
        protected LightColor shown() {
            return light.color();
        }
    }

    @Nested
    class Beeper extends BuzzerContract {
        private FakeBuzzer buzzer;

        @Override
        protected Buzzer create(ManualDelays delays) {
            buzzer = new FakeBuzzer(timeline, delays);
            return buzzer;
        }

        @Override
        protected boolean sounding() {
            return buzzer.sounding();
        }
    }

    @Nested
    class Relay extends DoorRelayContract {
        private FakeDoorRelay relay;

        @Override
        protected DoorRelay create(ManualDelays delays, Duration maxOn) {
            relay = new FakeDoorRelay(timeline, maxOn, delays);
            return relay;
        }

        @Override
        protected boolean energised() {
            return relay.energised();
        }
    }
}
