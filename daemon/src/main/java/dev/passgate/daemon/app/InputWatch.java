package dev.passgate.daemon.app;

import dev.passgate.config.InputPin;
import dev.passgate.config.InputsConfig;
import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.DoorInputs;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The input half of {@code passgate test-io} for the switches of {@code [inputs]}: prints each switch's state now,
 * then one line per debounced change as it happens ({@code door_contact OPEN}, {@code staff_button PRESSED}), until
 * the caller's wait ends. Lines are printed on the inputs' thread, each flushed at once so a technician sees them
 * over SSH. Not guaranteed: a change shorter than the input's debounce time is not shown.
 */
public final class InputWatch {
    /** How the watch time passes; returns when the watch should end. */
    @FunctionalInterface
    public interface Waiter {
        void await() throws InterruptedException;
    }

    private InputWatch() {
    }

    /** The word for a state: PRESSED or RELEASED for a button, OPEN or CLOSED for the door contact. */
    public static String word(String name, boolean active) {
        if (name.equals(InputsConfig.DOOR_CONTACT)) {
            return active ? "OPEN" : "CLOSED";
        }
        return active ? "PRESSED" : "RELEASED";
    }

    /** How one input is wired, e.g. {@code staff_button  BCM 5  pull up  active low  debounce 20 ms}. */
    public static String wiring(String name, InputPin pin) {
        return String.format("%-13s BCM %-2d  pull %-4s  active %-4s  debounce %d ms", name, pin.pin(),
                pin.pull().name().toLowerCase(Locale.ROOT), pin.activeLow() ? "low" : "high",
                pin.debounce().toMillis());
    }

    /** The configured switches, in the order staff button, exit button, door contact. */
    public static List<DigitalInput> list(DoorInputs inputs) {
        return Stream.of(inputs.staffButton(), inputs.exitButton(), inputs.doorContact())
                .flatMap(Optional::stream).toList();
    }

    /**
     * Prints the state of every input, listens for changes while {@code waiter} waits, and prints the elapsed time
     * of each change since the watch started. Returns whether every input could be read.
     */
    public static boolean watch(DoorInputs inputs, PrintWriter out, LongSupplier monotonic, Waiter waiter)
            throws InterruptedException {
        long start = monotonic.getAsLong();
        boolean readable = true;
        for (DigitalInput input : list(inputs)) {
            String health = input.health();
            readable &= health.equals("READY");
            synchronized (out) {
                out.println("  " + input.name() + " " + (health.equals("READY") ? word(input.name(), input.active())
                        : health));
                out.flush();
            }
            input.listen(edge -> {
                synchronized (out) {
                    out.printf("  %s %s (+%.3f s)%n", edge.input(), word(edge.input(), edge.active()),
                            (edge.nanos() - start) / 1e9);
                    out.flush();
                }
            });
        }
        waiter.await();
        return readable;
    }
}
