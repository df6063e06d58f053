package dev.passgate.hal.pi4j;

import static dev.passgate.hal.pi4j.MockGpio.offLevel;
import static dev.passgate.hal.pi4j.MockGpio.onLevel;
import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.ManualDelays;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The three Pi4J outputs wired like a kiosk on Pi4J's mock plugin, driven through one simulated scan with
 * {@link ManualDelays}, asserting the physical level of every pin; once with active-high and once with active-low
 * hardware.
 */
class Pi4jKioskScanTest {
    private static final int GREEN = 17;
    private static final int RED = 27;
    private static final int BUZZER = 22;
    private static final int RELAY = 23;
    private static final Duration MAX_ON = Duration.ofSeconds(5);

    private final ManualDelays delays = new ManualDelays();
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

    @ParameterizedTest(name = "active-low {0}")
    @ValueSource(booleans = {false, true})
    void validScanShowsGreenBeepsTwiceAndOpensTheDoorForItsTime(boolean activeLow) {
        try (Kiosk kiosk = new Kiosk(activeLow)) {
            // given every pin is in its safe state right after construction
            kiosk.assertLevels(offLevel(activeLow), offLevel(activeLow), offLevel(activeLow), offLevel(activeLow));

            // when a valid pass is scanned
            kiosk.light.show(LightColor.GREEN);
            kiosk.buzzer.play(BuzzerPattern.DOUBLE);
            kiosk.relay.pulse(Duration.ofSeconds(3));

            // then green is on, the buzzer follows the pattern step by step, the door opens for 3 s
            DigitalState on = onLevel(activeLow);
            DigitalState off = offLevel(activeLow);
            kiosk.assertLevels(on, off, on, on);
            advanceMillis(120);
            kiosk.assertLevels(on, off, off, on);
            advanceMillis(100);
            kiosk.assertLevels(on, off, on, on);
            advanceMillis(120);
            kiosk.assertLevels(on, off, off, on);
            advanceMillis(3000 - 340 - 1);
            kiosk.assertLevels(on, off, off, on);
            advanceMillis(1);
            kiosk.assertLevels(on, off, off, off);
            assertThat(delays.pendingCount()).isZero();
        }
    }

    @ParameterizedTest(name = "active-low {0}")
    @ValueSource(booleans = {false, true})
    void refusedScanShowsRedWithALongBeepAndKeepsTheDoorShut(boolean activeLow) {
        try (Kiosk kiosk = new Kiosk(activeLow)) {
            kiosk.light.show(LightColor.RED);
            kiosk.buzzer.play(BuzzerPattern.LONG);
            kiosk.relay.pulse(Duration.ZERO);

            DigitalState on = onLevel(activeLow);
            DigitalState off = offLevel(activeLow);
            kiosk.assertLevels(off, on, on, off);
            advanceMillis(800);
            kiosk.assertLevels(off, on, off, off);
        }
    }

    @ParameterizedTest(name = "active-low {0}")
    @ValueSource(booleans = {false, true})
    void doorOpeningIsCappedAtTheMaximumOnTime(boolean activeLow) {
        try (Kiosk kiosk = new Kiosk(activeLow)) {
            kiosk.relay.pulse(Duration.ofHours(1));

            advanceMillis(MAX_ON.toMillis() - 1);
            assertThat(kiosk.relayPin.state()).isEqualTo(onLevel(activeLow));
            advanceMillis(1);
            assertThat(kiosk.relayPin.state()).isEqualTo(offLevel(activeLow));
        }
    }

    @ParameterizedTest(name = "active-low {0}")
    @ValueSource(booleans = {false, true})
    void closingInTheMiddleOfAScanLeavesEveryPinSafeAndFreesIt(boolean activeLow) {
        Kiosk kiosk = new Kiosk(activeLow);
        kiosk.light.show(LightColor.AMBER);
        kiosk.buzzer.play(BuzzerPattern.LONG);
        kiosk.relay.pulse(Duration.ofSeconds(3));

        kiosk.close();

        DigitalState off = offLevel(activeLow);
        kiosk.assertLevels(off, off, off, off);
        advanceMillis(10_000);
        kiosk.assertLevels(off, off, off, off);
        assertThat(pi4j.registry().allByType(DigitalOutput.class)).isEmpty();
    }

    @ParameterizedTest(name = "active-low {0}")
    @ValueSource(booleans = {false, true})
    void shuttingDownPi4jWithoutClosingTheDevicesStillLeavesEveryPinSafe(boolean activeLow) {
        Kiosk kiosk = new Kiosk(activeLow);
        kiosk.light.show(LightColor.AMBER);
        kiosk.buzzer.play(BuzzerPattern.LONG);
        kiosk.relay.pulse(Duration.ofSeconds(3));

        // as Pi4J's shutdown hook would at JVM exit
        pi4j.shutdown();

        DigitalState off = offLevel(activeLow);
        kiosk.assertLevels(off, off, off, off);
        kiosk.close();
        kiosk.assertLevels(off, off, off, off);
    }

    @ParameterizedTest(name = "active-low {0}")
    @ValueSource(booleans = {false, true})
    void everyPinIsConfiguredWithItsSafeLevelAsPi4jInitialAndShutdownState(boolean activeLow) {
        try (Kiosk kiosk = new Kiosk(activeLow)) {
            for (DigitalOutput pin : kiosk.pins()) {
                DigitalOutputConfig config = pin.config();
                assertThat(config.initialState()).isEqualTo(offLevel(activeLow));
                assertThat(config.shutdownState()).isEqualTo(offLevel(activeLow));
                assertThat(config.onState()).isEqualTo(onLevel(activeLow));
            }
        }
    }

    private void advanceMillis(long millis) {
        delays.advance(Duration.ofMillis(millis));
    }

    /** The devices of one kiosk and their mock pins, looked up right after construction. */
    private final class Kiosk implements AutoCloseable {
        final Pi4jStatusLight light;
        final Pi4jBuzzer buzzer;
        final Pi4jDoorRelay relay;
        final DigitalOutput greenPin;
        final DigitalOutput redPin;
        final DigitalOutput buzzerPin;
        final DigitalOutput relayPin;

        Kiosk(boolean activeLow) {
            light = new Pi4jStatusLight(pi4j, new PinSpec(GREEN, activeLow), new PinSpec(RED, activeLow));
            buzzer = new Pi4jBuzzer(pi4j, new PinSpec(BUZZER, activeLow), delays);
            relay = new Pi4jDoorRelay(pi4j, new PinSpec(RELAY, activeLow), MAX_ON, delays);
            greenPin = MockGpio.output(pi4j, GREEN);
            redPin = MockGpio.output(pi4j, RED);
            buzzerPin = MockGpio.output(pi4j, BUZZER);
            relayPin = MockGpio.output(pi4j, RELAY);
        }

        List<DigitalOutput> pins() {
            return List.of(greenPin, redPin, buzzerPin, relayPin);
        }

        void assertLevels(DigitalState green, DigitalState red, DigitalState buzzing, DigitalState door) {
            assertThat(List.of(greenPin.state(), redPin.state(), buzzerPin.state(), relayPin.state()))
                    .as("levels of green, red, buzzer, relay at %d ms", delays.nanoTime() / 1_000_000)
                    .containsExactly(green, red, buzzing, door);
        }

        @Override
        public void close() {
            light.close();
            buzzer.close();
            relay.close();
        }
    }
}
