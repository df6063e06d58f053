package dev.passgate.hal.pi4j;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutput;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;

/** Test helpers around Pi4J's mock plugin: a context on the mock provider and the pins' physical levels. */
final class MockGpio {
    private MockGpio() {
    }

    static Context context() {
        return Pi4jContexts.withOutputProvider(MockDigitalOutputProvider.newInstance());
    }

    /** The mock output provisioned on a BCM line; look it up before closing the device, which unregisters it. */
    static MockDigitalOutput output(Context pi4j, int bcm) {
        DigitalOutput found = pi4j.registry().allByType(DigitalOutput.class).values().stream()
                .filter(output -> output.config().address() == bcm)
                .findFirst()
                .orElseThrow(() -> new AssertionError("no output provisioned on BCM " + bcm));
        assertThat(found).isInstanceOf(MockDigitalOutput.class);
        return (MockDigitalOutput) found;
    }

    /** The level that switches a device on, worked out here independently of {@link PinSpec}. */
    static DigitalState onLevel(boolean activeLow) {
        return activeLow ? DigitalState.LOW : DigitalState.HIGH;
    }

    static DigitalState offLevel(boolean activeLow) {
        return activeLow ? DigitalState.HIGH : DigitalState.LOW;
    }

    /** Whether the device on this pin is on, from the pin's physical level; an undriven pin fails the test. */
    static boolean isOn(DigitalOutput output, boolean activeLow) {
        DigitalState level = output.state();
        assertThat(level).as("physical level of BCM %s", output.config().address())
                .isIn(DigitalState.HIGH, DigitalState.LOW);
        return level == onLevel(activeLow);
    }
}
