package dev.passgate.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.plugin.mock.Mock;
import org.junit.jupiter.api.Test;

/**
 * Which driver touches the GPIO lines is decided by {@link Pi4jContexts}, not by plugin auto-detection. Building a
 * gpiod context works off a Pi too; only provisioning a pin on it needs the real GPIO chip.
 */
class Pi4jContextsTest {
    @Test
    void gpiodContextHasTheGpiodOutputAndInputProvidersAndNothingElse() {
        Context pi4j = Pi4jContexts.gpiod();
        try {
            // the ids are the constants GpioDDigitalOutputProvider.ID and GpioDDigitalInputProvider.ID of
            // pi4j-plugin-gpiod 2.8.0; the input provider reads the switches of [inputs]
            assertThat(pi4j.providers().all().keySet()).containsExactlyInAnyOrder("gpiod-digital-output",
                    "gpiod-digital-input");
        } finally {
            pi4j.shutdown();
        }
    }

    @Test
    void testContextHasOnlyTheGivenProvider() {
        Context pi4j = MockGpio.context();
        try {
            assertThat(pi4j.providers().all().keySet()).containsExactly(Mock.DIGITAL_OUTPUT_PROVIDER_ID);
        } finally {
            pi4j.shutdown();
        }
    }
}
