package dev.passgate.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.StatusLight;
import dev.passgate.hal.contract.StatusLightContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class Pi4jStatusLightTest {
    private static final int GREEN = 17;
    private static final int RED = 27;

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
    class ActiveHigh extends StatusLightContract {
        private final LightOnMock mock = new LightOnMock(false);

        @Override
        protected StatusLight create() {
            return mock.create();
        }

        @Override
        protected LightColor shown() {
            return mock.shown();
        }
    }

    @Nested
    class ActiveLow extends StatusLightContract {
        private final LightOnMock mock = new LightOnMock(true);

        @Override
        protected StatusLight create() {
            return mock.create();
        }

        @Override
        protected LightColor shown() {
            return mock.shown();
        }
    }

    @Test
    void activeLowLightDrivesItsPinsLowToLightUp() {
        try (StatusLight light = new Pi4jStatusLight(pi4j, new PinSpec(GREEN, true), new PinSpec(RED, true))) {
            DigitalOutput green = MockGpio.output(pi4j, GREEN);
            DigitalOutput red = MockGpio.output(pi4j, RED);
            assertThat(green.state()).isEqualTo(DigitalState.HIGH);
            assertThat(red.state()).isEqualTo(DigitalState.HIGH);

            light.show(LightColor.AMBER);

            assertThat(green.state()).isEqualTo(DigitalState.LOW);
            assertThat(red.state()).isEqualTo(DigitalState.LOW);
        }
    }

    @Test
    void failingToProvisionTheRedPinReleasesTheGreenOne() {
        // given the red pin is taken by a light already
        StatusLight first = new Pi4jStatusLight(pi4j, new PinSpec(5, false), new PinSpec(RED, false));

        // when a second light wants the same red pin, then it fails
        assertThatThrownBy(() -> new Pi4jStatusLight(pi4j, new PinSpec(GREEN, false), new PinSpec(RED, false)))
                .isInstanceOf(RuntimeException.class);

        // and its green pin was given back: once the first light is closed, a light on both pins can be built
        first.close();
        try (StatusLight again = new Pi4jStatusLight(pi4j, new PinSpec(GREEN, false), new PinSpec(RED, false))) {
            again.show(LightColor.GREEN);
            assertThat(MockGpio.output(pi4j, GREEN).state()).isEqualTo(DigitalState.HIGH);
        }
    }

    /** Builds a light on the mock and reads its colour back from the two pins' physical levels. */
    private final class LightOnMock {
        private final boolean activeLow;
        private DigitalOutput green;
        private DigitalOutput red;

        LightOnMock(boolean activeLow) {
            this.activeLow = activeLow;
        }

        StatusLight create() {
            StatusLight light = new Pi4jStatusLight(pi4j, new PinSpec(GREEN, activeLow), new PinSpec(RED, activeLow));
            green = MockGpio.output(pi4j, GREEN);
            red = MockGpio.output(pi4j, RED);
            return light;
        }

        LightColor shown() {
            boolean greenOn = MockGpio.isOn(green, activeLow);
            boolean redOn = MockGpio.isOn(red, activeLow);
            if (greenOn && redOn) {
                return LightColor.AMBER;
            }
            return greenOn ? LightColor.GREEN : redOn ? LightColor.RED : LightColor.OFF;
        }
    }
}
