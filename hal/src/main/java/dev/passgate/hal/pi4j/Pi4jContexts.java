package dev.passgate.hal.pi4j;

import com.pi4j.Pi4J;
import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalInputProvider;
import com.pi4j.plugin.gpiod.provider.gpio.digital.GpioDDigitalOutputProvider;
import com.pi4j.plugin.linuxfs.provider.pwm.LinuxFsPwmProvider;
import com.pi4j.provider.Provider;
import java.util.Objects;

/**
 * Builds Pi4J contexts with exactly one digital-output provider (and, on the Pi, the matching digital-input
 * provider for the switches) and no auto-detection, so which driver touches
 * the GPIO lines is decided here and not by whatever plugins happen to be on the class path.
 *
 * <p>{@link #gpiod()} is the real Raspberry Pi: the libgpiod character-device driver (provider id
 * {@value GpioDDigitalOutputProvider#ID}, from pi4j-plugin-gpiod), with Pi4J's shutdown hook enabled so the pins
 * go to their shutdown states when the JVM exits. {@link #withOutputProvider} takes any provider, e.g. Pi4J's
 * {@code MockDigitalOutputProvider} in tests; it does not install a shutdown hook. The caller owns the context
 * and shuts it down. Not guaranteed: that {@code gpiod()} works off a Pi; it fails when the GPIO chip is missing.
 */
public final class Pi4jContexts {
    private Pi4jContexts() {
    }

    public static Context gpiod() {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(GpioDDigitalOutputProvider.newInstance())
                .add(GpioDDigitalInputProvider.newInstance())
                .enableShutdownHook()
                .build();
    }

    /**
     * The real Raspberry Pi with hardware PWM as well: the gpiod outputs and Pi4J's linuxfs PWM provider on
     * {@code /sys/class/pwm/pwmchip0} (the {@code pwm-2chan} overlay), for a passive buzzer.
     */
    public static Context gpiodWithPwm() {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(GpioDDigitalOutputProvider.newInstance())
                .add(GpioDDigitalInputProvider.newInstance())
                .add(LinuxFsPwmProvider.newInstance(0))
                .enableShutdownHook()
                .build();
    }

    /** A context with the given providers and no shutdown hook, e.g. Pi4J's mock outputs and PWM in tests. */
    public static Context withProviders(Provider<?, ?, ?>... providers) {
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(providers)
                .disableShutdownHook()
                .build();
    }

    public static Context withOutputProvider(DigitalOutputProvider provider) {
        Objects.requireNonNull(provider, "provider");
        return Pi4J.newContextBuilder()
                .noAutoDetect()
                .add(provider)
                .disableShutdownHook()
                .build();
    }
}
