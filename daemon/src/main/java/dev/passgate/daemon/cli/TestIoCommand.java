package dev.passgate.daemon.cli;

import com.pi4j.context.Context;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.GpioConfig;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.app.Devices;
import dev.passgate.daemon.app.InputPresence;
import dev.passgate.daemon.app.InputWatch;
import dev.passgate.daemon.app.SelfTest;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.ExecutorDelays;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.Speaker;
import dev.passgate.hal.audio.ClipPack;
import dev.passgate.hal.fake.FakeBuzzer;
import dev.passgate.hal.fake.FakeDoorRelay;
import dev.passgate.hal.fake.FakeSpeaker;
import dev.passgate.hal.fake.FakeStatusLight;
import dev.passgate.hal.fake.Timeline;
import dev.passgate.hal.pi4j.Pi4jDoorRelay;
import dev.passgate.hal.pi4j.Pi4jStatusLight;
import dev.passgate.hal.pi4j.PinSpec;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.Mixer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate test-io [--config FILE] [--fake] [--inputs-only] [--watch SECONDS]}: for a technician over SSH.
 * Reports whether each configured input (serial port, keyboard-wedge device, camera) is present, then cycles every
 * configured output. With {@code --fake}, or when {@code feedback.gpio.enabled} is false, the outputs are fakes on a
 * manual clock and the command prints the timeline of what it would drive, at once. With switches in
 * {@code [inputs]} and real GPIO, it shows each switch's state and then one line per change
 * ({@code staff_button PRESSED}, {@code door_contact OPEN}) while the outputs cycle and for {@code --watch} seconds
 * after (default 30; 0 watches until Ctrl-C); {@code --inputs-only} skips the output cycle. Exit 0 when every
 * configured input is present and every switch can be read, 1 when one is missing or the configuration is invalid.
 * Stop the daemon first: GPIO lines and the input device are taken by one program at a time.
 */
@Command(name = "test-io", description = "Report input devices, then cycle every output (light, buzzer, relay, "
        + "speaker).")
public final class TestIoCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "The TOML configuration (default: defaults).")
    private Path configFile;

    @Option(names = "--fake", description = "Drive fake outputs and print what would be driven.")
    private boolean fake;

    @Option(names = "--inputs-only", description = "Only show the switches of [inputs] live; cycle no output.")
    private boolean inputsOnly;

    @Option(names = "--watch", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to show the switches after the outputs (default 30; 0 = until Ctrl-C).")
    private long watchSeconds;

    private Supplier<Context> gpio;
    private Delays inputDelays;
    private LongSupplier monotonic = System::nanoTime;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch watching = new CountDownLatch(1);

    /** Tests: the GPIO context (e.g. Pi4J's mock plugin) and the clock the switches are debounced on. */
    void useGpio(Supplier<Context> context, Delays delays, LongSupplier clock) {
        this.gpio = context;
        this.inputDelays = delays;
        this.monotonic = clock;
    }

    /** Tests: waits until the outputs are done and only the switches are being shown. */
    boolean awaitWatching(Duration timeout) throws InterruptedException {
        return watching.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Ends the watch of the switches early, as Ctrl-C would. */
    void stop() {
        stop.countDown();
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        if (watchSeconds < 0) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--watch: found " + watchSeconds
                    + ", expected 0 (until Ctrl-C) or a number of seconds");
        }
        PassgateConfig config;
        if (configFile == null) {
            config = ConfigLoader.defaults(Path.of("passgate.toml"));
        } else {
            ConfigResult result = ConfigLoader.load(configFile);
            if (result instanceof ConfigResult.Invalid invalid) {
                invalid.errors().forEach(error -> spec.commandLine().getErr().println(error));
                return 1;
            }
            config = ((ConfigResult.Loaded) result).config();
        }
        List<InputPresence.Input> inputs = InputPresence.check(config);
        out.println("inputs:");
        if (inputs.isEmpty()) {
            out.println("  none configured besides standard input");
        }
        inputs.forEach(input -> out.println("  " + input));
        if (config.inputs().any()) {
            out.println("switches:");
            config.inputs().byName().forEach((name, pin) -> out.println("  " + InputWatch.wiring(name, pin)));
        }
        if (config.feedback().audio().enabled() && !fake) {
            out.println("audio devices:");
            for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                out.println("  " + info.getName() + " - " + info.getDescription());
            }
        }
        ClipPack clips = Devices.clipPack(config.feedback().audio());
        boolean switchesRead = true;
        if (inputsOnly && !config.inputs().any()) {
            out.println("no switch is configured in [inputs]");
        } else if (fake || !config.feedback().gpio().enabled()) {
            runFake(config, clips, out);
        } else {
            try {
                switchesRead = runReal(config, clips, out);
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("passgate test-io: cannot drive the GPIO outputs on this machine ("
                        + e.getMessage() + "); on a Raspberry Pi check that the passgate user is in the gpio group, "
                        + "elsewhere use --fake or set feedback.gpio.enabled = false");
                return 1;
            }
        }
        return inputs.stream().allMatch(InputPresence.Input::present) && switchesRead ? 0 : 1;
    }

    private static void runFake(PassgateConfig config, ClipPack clips, PrintWriter out) throws InterruptedException {
        ManualDelays delays = new ManualDelays();
        Timeline timeline = new Timeline(delays::nanoTime);
        if (config.inputs().any()) {
            out.println("switches are not read with --fake: they need the GPIO");
        }
        out.println("outputs are fakes (GPIO " + (config.feedback().gpio().enabled() ? "enabled, --fake given"
                : "not enabled") + "); simulated time:");
        SelfTest.cycle(new SelfTest.Outputs(List.of(new FakeStatusLight(timeline)),
                List.of(new FakeBuzzer(timeline, delays)),
                List.of(new FakeDoorRelay(timeline, config.feedback().gpio().relay().maxOn(), delays)),
                List.of(new FakeSpeaker(timeline))), clips, delays::advance, out);
        out.println("what the outputs did:");
        out.println(timeline);
    }

    /** Shows the switches and cycles the outputs on the GPIO; returns whether every switch could be read. */
    private boolean runReal(PassgateConfig config, ClipPack clips, PrintWriter out) throws InterruptedException {
        GpioConfig gpio = config.feedback().gpio();
        Context pi4j = this.gpio == null ? Devices.gpioContext(gpio) : this.gpio.get();
        try (ExecutorDelays delays = new ExecutorDelays("passgate-test-io");
             DoorInputs switches = Devices.inputs(config, pi4j, inputDelays == null ? delays : inputDelays,
                     monotonic)) {
            if (!config.inputs().any()) {
                cycle(config, clips, out, pi4j, delays);
                return true;
            }
            out.println("switches live (state now, then one line per change):");
            return InputWatch.watch(switches, out, monotonic, () -> {
                if (!inputsOnly) {
                    cycle(config, clips, out, pi4j, delays);
                }
                out.println(watchSeconds == 0 ? "watching the switches until Ctrl-C"
                        : "watching the switches for " + watchSeconds + " s (Ctrl-C to stop)");
                out.flush();
                watching.countDown();
                if (watchSeconds == 0) {
                    stop.await();
                } else {
                    stop.await(watchSeconds, TimeUnit.SECONDS);
                }
            });
        } finally {
            pi4j.shutdown();
        }
    }

    private static void cycle(PassgateConfig config, ClipPack clips, PrintWriter out, Context pi4j,
                              ExecutorDelays delays) throws InterruptedException {
        GpioConfig gpio = config.feedback().gpio();
        List<Speaker> speakers = new ArrayList<>();
        Devices.speaker(config).ifPresent(speakers::add);
        SelfTest.cycle(new SelfTest.Outputs(
                List.of(new Pi4jStatusLight(pi4j, new PinSpec(gpio.light().greenPin(), gpio.light().activeLow()),
                        new PinSpec(gpio.light().redPin(), gpio.light().activeLow()))),
                List.of(Devices.gpioBuzzer(gpio, pi4j, delays)),
                List.of(new Pi4jDoorRelay(pi4j, new PinSpec(gpio.relay().pin(), gpio.relay().activeLow()),
                        gpio.relay().maxOn(), delays)),
                speakers), clips, time -> realTime(delays, time), out);
    }

    private static void realTime(Delays delays, Duration time) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        delays.schedule(time, done::countDown);
        if (!done.await(time.toMillis() + 5000, TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the timer thread did not run within " + time.plusSeconds(5));
        }
    }
}
