package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalOutputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import java.util.Objects;
import org.tinylog.Logger;

/**
 * One Pi4J digital output driven by logical on/off. The pin is configured with the off level as Pi4J's
 * {@code initial} state (so it is safe from the moment it is provisioned) and as its {@code shutdown} state (so
 * it is safe when the Pi4J context shuts down, e.g. from its shutdown hook, even if nobody called
 * {@link #close}). {@link #close} drives the off level and removes the pin from the context's registry, which
 * frees the GPIO line for a later device. Thread-safe.
 */
final class Pi4jPin {
    private final Context pi4j;
    private final PinSpec spec;
    private final DigitalOutput output;
    private boolean closed;

    private Pi4jPin(Context pi4j, PinSpec spec, DigitalOutput output) {
        this.pi4j = pi4j;
        this.spec = spec;
        this.output = output;
    }

    /** Provisions the pin in the off state. {@code role} names it in Pi4J's registry and in log lines. */
    static Pi4jPin open(Context pi4j, String role, PinSpec spec) {
        Objects.requireNonNull(pi4j, "pi4j");
        Objects.requireNonNull(spec, "pin spec of " + role);
        DigitalOutputConfig config = DigitalOutput.newConfigBuilder(pi4j)
                .id(idOf(role))
                .name("passgate " + role)
                .address(spec.bcm())
                .onState(spec.onLevel())
                .initial(spec.offLevel())
                .shutdown(spec.offLevel())
                .build();
        DigitalOutput output = pi4j.digitalOutput().create(config);
        // Some providers apply the initial state lazily; drive it explicitly so "off at construction" holds.
        output.state(spec.offLevel());
        Logger.debug("GPIO {} provisioned on BCM {} (active {})", role, spec.bcm(), spec.activeLow() ? "low" : "high");
        return new Pi4jPin(pi4j, spec, output);
    }

    static String idOf(String role) {
        return "passgate-" + role;
    }

    synchronized void set(boolean on) {
        if (closed) {
            return;
        }
        DigitalState level = on ? spec.onLevel() : spec.offLevel();
        try {
            output.state(level);
        } catch (RuntimeException e) {
            Logger.error(e, "GPIO BCM {} could not be set {}", spec.bcm(), level);
            throw e;
        }
    }

    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            output.state(spec.offLevel());
            if (!pi4j.isShutdown() && pi4j.registry().exists(output.id())) {
                pi4j.shutdown(output.id());
            }
        } catch (RuntimeException e) {
            Logger.warn(e, "GPIO BCM {} could not be released cleanly", spec.bcm());
        }
    }
}
