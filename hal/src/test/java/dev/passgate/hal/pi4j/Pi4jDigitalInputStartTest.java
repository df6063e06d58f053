package dev.passgate.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalInputProviderImpl;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.passgate.hal.InputEdge;
import dev.passgate.hal.ManualDelays;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Opening a Pi4J input while the switch moves: Pi4J's mock plugin with a line whose level changes just before a
 * listener is registered (nobody hears that edge), as a door opening during the kiosk's start would.
 */
class Pi4jDigitalInputStartTest {
    private static final int PIN = 16;
    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    private final ManualDelays delays = new ManualDelays();
    private final List<InputEdge> edges = new CopyOnWriteArrayList<>();
    private final Context pi4j = Pi4jContexts.withProviders(new MovesWhileRegistering(),
            MockDigitalOutputProvider.newInstance());

    @AfterEach
    void shutDown() {
        pi4j.shutdown();
    }

    @Test
    void anEdgeBeforeTheListenerIsRegisteredIsReadAfterwardsAndDeliveredDebounced() {
        Pi4jDigitalInput input = Pi4jDigitalInput.open(pi4j, new InputSpec("door_contact", PIN, InputSpec.Pull.DOWN,
                false, DEBOUNCE), delays, delays::nanoTime);
        input.listen(edges::add);
        delays.advance(DEBOUNCE);

        assertThat(input.active()).as("the door opened while the input was opened").isTrue();
        assertThat(edges).containsExactly(new InputEdge("door_contact", true, 0));
        input.close();
    }

    @Test
    void theLevelReadAgainAfterRegisteringIsAHarmlessDuplicateWhenNothingMoved() {
        Context plain = MockInputs.context();
        try {
            Pi4jDigitalInput input = Pi4jDigitalInput.open(plain, new InputSpec("door_contact", PIN,
                    InputSpec.Pull.DOWN, false, DEBOUNCE), delays, delays::nanoTime);
            input.listen(edges::add);
            delays.advance(DEBOUNCE.multipliedBy(5));

            assertThat(input.active()).as("the mock line rests LOW: shut, read twice").isFalse();
            assertThat(edges).as("no change delivered for a level that did not change").isEmpty();
            assertThat(delays.pendingCount()).as("nothing left settling").isZero();
            input.close();
        } finally {
            plain.shutdown();
        }
    }

    /** Mock inputs whose line goes HIGH just before the first listener is added, unheard by anyone. */
    private static final class MovesWhileRegistering extends MockDigitalInputProviderImpl {
        @Override
        public DigitalInput create(DigitalInputConfig config) {
            MockDigitalInput line = new MockDigitalInput(this, config) {
                @Override
                public DigitalInput addListener(DigitalStateChangeListener... listeners) {
                    mockState(DigitalState.HIGH);
                    return super.addListener(listeners);
                }
            };
            context.registry().add(line);
            return line;
        }
    }
}
