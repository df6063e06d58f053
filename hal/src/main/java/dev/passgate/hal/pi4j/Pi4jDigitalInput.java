package dev.passgate.hal.pi4j;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalInput;
import com.pi4j.io.gpio.digital.DigitalInputConfig;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.io.gpio.digital.DigitalStateChangeListener;
import com.pi4j.io.gpio.digital.PullResistance;
import dev.passgate.hal.Delays;
import dev.passgate.hal.InputEdge;
import dev.passgate.hal.timing.Debouncer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * A switch on one GPIO input through Pi4J: the line is provisioned with the configured pull resistor, its raw
 * level turned into the logical state by the wiring's polarity, and debounced here by a {@link Debouncer} on the
 * injected {@link Delays} and monotonic clock. Pi4J's own debounce is set to zero: its mock plugin ignores it, and
 * its gpiod plugin compares kernel event times with {@code System.nanoTime} and dispatches only the last edge of a
 * burst, so the behaviour would differ between tests and the kiosk; debouncing here makes both the same.
 *
 * <p>A line that cannot be provisioned (no GPIO chip, the line held by another program, no permission) does not
 * stop the kiosk: the input is never active, delivers nothing, and its health is {@code UNAVAILABLE (reason)} so
 * {@code passgate status} can name it. Health is otherwise {@code READY}, or {@code CLOSED} after {@link #close},
 * which also removes the line from Pi4J's registry. Listeners get changes on the {@code Delays} thread. Not
 * guaranteed: that a press shorter than the debounce time is seen, or that a line left floating (pull "off"
 * without an external resistor) reads anything meaningful.
 */
public final class Pi4jDigitalInput implements dev.passgate.hal.DigitalInput {
    /** Allowance for a GPIO event to reach the debouncer after the line moved (kernel, Pi4J, thread hand-over). */
    public static final Duration DELIVERY = Duration.ofMillis(50);
    private final InputSpec spec;
    private final Context pi4j;
    private final Optional<DigitalInput> line;
    private final Optional<String> problem;
    private final Debouncer debouncer;
    private final List<Consumer<InputEdge>> listeners = new CopyOnWriteArrayList<>();
    private final DigitalStateChangeListener rawListener;
    private boolean closed;

    private Pi4jDigitalInput(Context pi4j, InputSpec spec, Delays delays, LongSupplier monotonic) {
        this.pi4j = pi4j;
        this.spec = spec;
        Optional<DigitalInput> opened;
        Optional<String> failure;
        try {
            opened = Optional.of(provision(pi4j, spec));
            failure = Optional.empty();
        } catch (RuntimeException e) {
            opened = Optional.empty();
            failure = Optional.of(Objects.requireNonNullElse(e.getMessage(), e.getClass().getSimpleName()));
            Logger.error("GPIO input {} on BCM {} cannot be opened: {}", spec.name(), spec.bcm(), failure.get());
        }
        this.line = opened;
        this.problem = failure;
        boolean initial = opened.map(input -> spec.logical(high(input.state()))).orElse(false);
        this.debouncer = new Debouncer(spec.debounce(), initial, delays, this::deliver);
        this.rawListener = event -> {
            DigitalState state = event.state();
            if (state == DigitalState.HIGH || state == DigitalState.LOW) {
                debouncer.raw(spec.logical(state == DigitalState.HIGH), monotonic.getAsLong());
            }
        };
        opened.ifPresent(input -> {
            input.addListener(rawListener);
            rereadAfterListening(input, monotonic);
        });
    }

    /**
     * The level read before the listener was registered may be stale: an edge in between was seen by nobody. Read
     * again now that every later edge reaches the debouncer, and hand the level over as a raw reading: the settled
     * level again changes nothing; a change since the first read is debounced and delivered like any edge; one
     * also reported by the listener is a duplicate, which at worst delays that change by one debounce time.
     */
    private void rereadAfterListening(DigitalInput input, LongSupplier monotonic) {
        DigitalState state = input.state();
        if (state == DigitalState.HIGH || state == DigitalState.LOW) {
            debouncer.raw(spec.logical(state == DigitalState.HIGH), monotonic.getAsLong());
        }
    }

    /** Opens the input; a line that cannot be provisioned gives an input whose health says why. */
    public static Pi4jDigitalInput open(Context pi4j, InputSpec spec, Delays delays, LongSupplier monotonic) {
        Pi4jDigitalInput input = new Pi4jDigitalInput(Objects.requireNonNull(pi4j, "pi4j"),
                Objects.requireNonNull(spec, "spec"), Objects.requireNonNull(delays, "delays"),
                Objects.requireNonNull(monotonic, "monotonic"));
        input.line.ifPresent(opened -> Logger.info("GPIO input {} on BCM {} (pull {}, active {}, debounce {} ms): {}",
                spec.name(), spec.bcm(), spec.pull().name().toLowerCase(java.util.Locale.ROOT),
                spec.activeLow() ? "low" : "high", spec.debounce().toMillis(), input.active() ? "active" : "idle"));
        return input;
    }

    private static DigitalInput provision(Context pi4j, InputSpec spec) {
        DigitalInputConfig config = DigitalInput.newConfigBuilder(pi4j)
                .id(Pi4jPin.idOf("input-" + spec.name()))
                .name("passgate " + spec.name())
                .address(spec.bcm())
                .pull(switch (spec.pull()) {
                    case UP -> PullResistance.PULL_UP;
                    case DOWN -> PullResistance.PULL_DOWN;
                    case OFF -> PullResistance.OFF;
                })
                .debounce(0L)
                .build();
        return pi4j.digitalInput().create(config);
    }

    /** The physical level; a line not yet read counts as resting at its pull's idle level. */
    private boolean high(DigitalState state) {
        return state == DigitalState.UNKNOWN || state == null ? spec.idleHigh() : state == DigitalState.HIGH;
    }

    private void deliver(boolean active, long nanos) {
        InputEdge edge = new InputEdge(spec.name(), active, nanos);
        for (Consumer<InputEdge> listener : listeners) {
            try {
                listener.accept(edge);
            } catch (RuntimeException e) {
                Logger.error(e, "a listener of input {} failed", spec.name());
            }
        }
    }

    /** The debounce time, plus {@link #DELIVERY} for the GPIO event's way from the kernel to the debouncer. */
    @Override
    public Duration reportDelay() {
        return spec.debounce().plus(DELIVERY);
    }

    @Override
    public String name() {
        return spec.name();
    }

    @Override
    public boolean active() {
        return debouncer.active();
    }

    @Override
    public void listen(Consumer<InputEdge> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    @Override
    public synchronized String health() {
        if (closed) {
            return "CLOSED";
        }
        return problem.map(reason -> "UNAVAILABLE (" + reason + ")").orElse("READY");
    }

    @Override
    public void close() {
        debouncer.close();
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        line.ifPresent(input -> {
            try {
                input.removeListener(rawListener);
                if (!pi4j.isShutdown() && pi4j.registry().exists(input.id())) {
                    pi4j.shutdown(input.id());
                }
            } catch (RuntimeException e) {
                Logger.warn(e, "GPIO input {} on BCM {} could not be released cleanly", spec.name(), spec.bcm());
            }
        });
    }
}
