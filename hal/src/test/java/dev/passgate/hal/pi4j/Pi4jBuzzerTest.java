package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.contract.BuzzerContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;

class Pi4jBuzzerTest {
    private static final int BUZZER = 22;

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
    class ActiveHigh extends BuzzerContract {
        private DigitalOutput pin;

        @Override
        protected Buzzer create(ManualDelays delays) {
            Buzzer buzzer = new Pi4jBuzzer(pi4j, new PinSpec(BUZZER, false), delays);
            pin = MockGpio.output(pi4j, BUZZER);
            return buzzer;
        }

        @Override
        protected boolean sounding() {
            return MockGpio.isOn(pin, false);
        }
    }

    @Nested
    class ActiveLow extends BuzzerContract {
        private DigitalOutput pin;

        @Override
        protected Buzzer create(ManualDelays delays) {
            Buzzer buzzer = new Pi4jBuzzer(pi4j, new PinSpec(BUZZER, true), delays);
            pin = MockGpio.output(pi4j, BUZZER);
            return buzzer;
        }

        @Override
        protected boolean sounding() {
            return MockGpio.isOn(pin, true);
        }
    }
}
