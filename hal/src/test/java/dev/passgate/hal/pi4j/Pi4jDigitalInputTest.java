package dev.passgate.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.PullResistance;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.InputEdge;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.contract.DigitalInputContract;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The Pi4J input on Pi4J's mock plugin, whose lines do not model a pull resistor: tests set the idle level. */
class Pi4jDigitalInputTest {
    private static final int PIN = 5;
    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    private final ManualDelays delays = new ManualDelays();
    private final List<InputEdge> edges = new CopyOnWriteArrayList<>();
    private Context pi4j;

    @BeforeEach
    void createContext() {
        pi4j = MockInputs.context();
    }

    @AfterEach
    void shutDownContext() {
        if (!pi4j.isShutdown()) {
            pi4j.shutdown();
        }
    }

    /** Opens the input and brings the mock line to the idle level a real pull resistor would give it. */
    private Pi4jDigitalInput open(InputSpec spec) {
        Pi4jDigitalInput input = Pi4jDigitalInput.open(pi4j, spec, delays, delays::nanoTime);
        MockInputs.line(pi4j, spec.bcm()).mockState(spec.activeLow() ? DigitalState.HIGH : DigitalState.LOW);
        delays.advance(spec.debounce());
        return input;
    }

    private static InputSpec button(boolean activeLow, InputSpec.Pull pull) {
        return new InputSpec("staff_button", PIN, pull, activeLow, DEBOUNCE);
    }

    @Nested
    class ActiveLowWithPullUp extends DigitalInputContract {
        private MockDigitalInput line;

        @Override
        protected DigitalInput create() {
            DigitalInput input = open(button(true, InputSpec.Pull.UP));
            line = MockInputs.line(pi4j, PIN);
            return input;
        }

        @Override
        protected void drive(boolean active) {
            line.mockState(active ? DigitalState.LOW : DigitalState.HIGH);
            delays.advance(DEBOUNCE);
        }
    }

    @Nested
    class ActiveHighWithPullDown extends DigitalInputContract {
        private MockDigitalInput line;

        @Override
        protected DigitalInput create() {
            DigitalInput input = open(button(false, InputSpec.Pull.DOWN));
            line = MockInputs.line(pi4j, PIN);
            return input;
        }

        @Override
        protected void drive(boolean active) {
            line.mockState(active ? DigitalState.HIGH : DigitalState.LOW);
            delays.advance(DEBOUNCE);
        }
    }

    @Test
    void severalEdgesWithinTheDebounceTimeGiveOneChangeStampedAtTheFirstEdge() {
        // given a button that bounces five times over 8 ms when pressed
        Pi4jDigitalInput input = open(button(true, InputSpec.Pull.UP));
        input.listen(edges::add);
        MockDigitalInput line = MockInputs.line(pi4j, PIN);
        long pressedAt = delays.nanoTime();

        // when
        for (DigitalState level : List.of(DigitalState.LOW, DigitalState.HIGH, DigitalState.LOW, DigitalState.HIGH,
                DigitalState.LOW)) {
            line.mockState(level);
            delays.advance(Duration.ofMillis(2));
        }

        // then nothing until the line has held for the debounce time, then exactly one press
        assertThat(edges).isEmpty();
        assertThat(input.active()).isFalse();
        delays.advance(DEBOUNCE.minusMillis(3));
        assertThat(edges).isEmpty();
        delays.advance(Duration.ofMillis(1));
        assertThat(edges).containsExactly(new InputEdge("staff_button", true, pressedAt));
        assertThat(input.active()).isTrue();
        delays.advance(Duration.ofSeconds(1));
        assertThat(edges).hasSize(1);
    }

    @Test
    void aGlitchShorterThanTheDebounceTimeIsNoChange() {
        Pi4jDigitalInput input = open(button(true, InputSpec.Pull.UP));
        input.listen(edges::add);
        MockDigitalInput line = MockInputs.line(pi4j, PIN);

        line.mockState(DigitalState.LOW);
        delays.advance(Duration.ofMillis(5));
        line.mockState(DigitalState.HIGH);
        delays.advance(Duration.ofSeconds(1));

        assertThat(edges).isEmpty();
        assertThat(input.active()).isFalse();
    }

    @Test
    void asksPi4jForThePullResistorAndNoDebounceOfItsOwn() {
        open(button(true, InputSpec.Pull.UP));

        MockDigitalInput line = MockInputs.line(pi4j, PIN);
        assertThat(line.config().pull()).isEqualTo(PullResistance.PULL_UP);
        assertThat(line.config().debounce()).isZero();
    }

    @Test
    void aSwitchAlreadyClosedAtStartIsActiveWithoutAChange() {
        // the mock line reads LOW before anything drives it: an active-low door contact that is already open
        Pi4jDigitalInput input = Pi4jDigitalInput.open(pi4j, new InputSpec("door_contact", PIN, InputSpec.Pull.UP,
                true, DEBOUNCE), delays, delays::nanoTime);
        input.listen(edges::add);
        delays.advance(Duration.ofSeconds(1));

        assertThat(input.active()).isTrue();
        assertThat(edges).isEmpty();
    }

    @Test
    void aLineThatCannotBeOpenedIsUnavailableNeverActiveAndSaysWhy() {
        Context outputsOnly = Pi4jContexts.withOutputProvider(MockDigitalOutputProvider.newInstance());
        try {
            Pi4jDigitalInput input = Pi4jDigitalInput.open(outputsOnly, button(true, InputSpec.Pull.UP), delays,
                    delays::nanoTime);
            input.listen(edges::add);

            assertThat(input.health()).startsWith("UNAVAILABLE (").hasSizeGreaterThan("UNAVAILABLE ()".length());
            assertThat(input.active()).isFalse();
            input.close();
            assertThat(input.health()).isEqualTo("CLOSED");
        } finally {
            outputsOnly.shutdown();
        }
    }

    @Test
    void closeGivesTheLineBackForTheNextInput() {
        open(button(true, InputSpec.Pull.UP)).close();

        Pi4jDigitalInput again = open(button(true, InputSpec.Pull.UP));

        assertThat(again.health()).isEqualTo("READY");
        again.close();
    }

    @Test
    void aListenerThatThrowsDoesNotStopTheOthers() {
        Pi4jDigitalInput input = open(button(true, InputSpec.Pull.UP));
        input.listen(edge -> {
            throw new IllegalStateException("listener bug");
        });
        input.listen(edges::add);

        MockInputs.line(pi4j, PIN).mockState(DigitalState.LOW);
        delays.advance(DEBOUNCE);

        assertThat(edges).extracting(InputEdge::active).containsExactly(true);
    }
}
