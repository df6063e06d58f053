package dev.passgate.daemon.app;

import com.pi4j.context.Context;
import dev.passgate.config.AudioConfig;
import dev.passgate.config.BuzzerKind;
import dev.passgate.config.Clip;
import dev.passgate.config.GpioConfig;
import dev.passgate.config.PassgateConfig;
import dev.passgate.config.ReaderProfile;
import dev.passgate.config.SerialConfig;
import dev.passgate.config.WedgeConfig;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.hal.Buzzer;
import dev.passgate.hal.Delays;
import dev.passgate.hal.DoorInputs;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.ExecutorDelays;
import dev.passgate.hal.ReaderFeedback;
import dev.passgate.hal.SoundClip;
import dev.passgate.hal.Speaker;
import dev.passgate.hal.StatusLight;
import dev.passgate.hal.audio.ClipCaptions;
import dev.passgate.hal.audio.ClipPack;
import dev.passgate.hal.audio.LineOpener;
import dev.passgate.hal.audio.SampledSpeaker;
import dev.passgate.hal.console.ConsoleBuzzer;
import dev.passgate.hal.console.ConsoleDoorRelay;
import dev.passgate.hal.console.ConsoleSpeaker;
import dev.passgate.hal.console.ConsoleStatusLight;
import dev.passgate.hal.pi4j.Pi4jBuzzer;
import dev.passgate.hal.pi4j.Pi4jContexts;
import dev.passgate.hal.pi4j.Pi4jDoorRelay;
import dev.passgate.hal.pi4j.Pi4jPassiveBuzzer;
import dev.passgate.hal.pi4j.Pi4jStatusLight;
import dev.passgate.hal.pi4j.PinSpec;
import dev.passgate.hal.serial.ReaderCommands;
import dev.passgate.hal.wedge.EventLayout;
import dev.passgate.hal.wedge.WedgeScanSource;
import dev.passgate.hal.wedge.WedgeSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;
import org.tinylog.Logger;

/**
 * Builds the devices added with the keyboard wedge, the speaker and the passive buzzer from the configuration,
 * for {@link Kiosk} and {@code passgate test-io}. Only {@code hal} talks to the hardware; this class chooses.
 */
public final class Devices {
    private Devices() {
    }

    /** The GPIO context: with hardware PWM when the buzzer is passive. */
    public static Context gpioContext(GpioConfig gpio) {
        return gpio.buzzerDrive().kind() == BuzzerKind.PASSIVE ? Pi4jContexts.gpiodWithPwm() : Pi4jContexts.gpiod();
    }

    /** The GPIO buzzer of the configured kind. */
    public static Buzzer gpioBuzzer(GpioConfig gpio, Context pi4j, Delays delays) {
        if (gpio.buzzerDrive().kind() == BuzzerKind.PASSIVE) {
            return new Pi4jPassiveBuzzer(pi4j, gpio.buzzer().pin(), gpio.buzzerDrive().frequencyHz(), delays);
        }
        return new Pi4jBuzzer(pi4j, new PinSpec(gpio.buzzer().pin(), gpio.buzzer().activeLow()), delays);
    }

    /**
     * The sound-card speaker when {@code [feedback.audio]} is enabled. A replacement clip that cannot be read is
     * logged and the built-in clips are used; a missing sound card is the speaker's own degraded state.
     */
    public static Optional<Speaker> speaker(PassgateConfig config) {
        AudioConfig audio = config.feedback().audio();
        if (!audio.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new SampledSpeaker(clipPack(audio), LineOpener.mixer(audio.mixer())));
    }

    /**
     * The speaker of the console feedback (the demo): each clip as what it says, {@code [speaker] ko/valid.wav
     * "접종완료자입니다"}, in the configured language, or the path of the user's replacement file.
     */
    public static Speaker consoleSpeaker(PassgateConfig config, PrintStream console) {
        AudioConfig audio = config.feedback().audio();
        Map<SoundClip, Path> files = new EnumMap<>(SoundClip.class);
        audio.files().forEach((Clip clip, Path file) -> files.put(FeedbackTable.clip(clip), file));
        return new ConsoleSpeaker(console, clip -> ClipCaptions.caption(audio.language(), clip, files));
    }

    /**
     * For the console feedback, every output on every outcome: {@code [door] stays shut} for a refused decision
     * (the console relay prints the door opening). Registered as a reader that confirms decisions, which the
     * feedback tells about every decision.
     */
    public static ReaderFeedback consoleDoorNote(PrintStream console) {
        return admitted -> {
            if (!admitted) {
                console.println("[door] stays shut");
            }
        };
    }

    /** The clips of the configuration, falling back to the built-in pack when a file is unusable. */
    public static ClipPack clipPack(AudioConfig audio) {
        Map<SoundClip, Path> files = new EnumMap<>(SoundClip.class);
        audio.files().forEach((Clip clip, Path file) -> files.put(FeedbackTable.clip(clip), file));
        try {
            return ClipPack.load(audio.language(), files);
        } catch (IOException e) {
            Logger.error("feedback.audio.files: {}; using the built-in clips", e.getMessage());
            try {
                return ClipPack.load(audio.language(), Map.of());
            } catch (IOException builtIn) {
                throw new IllegalStateException("the built-in clip pack is unreadable", builtIn);
            }
        }
    }

    /** The switches wired to the kiosk; none until the inputs are configured (the inputs branch builds them). */
    public DoorInputs inputs() { return DoorInputs.none(); }

    /** The keyboard-wedge reader when {@code [scan.wedge]} is enabled. */
    public static Optional<WedgeScanSource> wedge(PassgateConfig config, Delays delays, LongSupplier monotonic) {
        WedgeConfig wedge = config.scan().wedge();
        if (!wedge.enabled()) {
            return Optional.empty();
        }
        EventLayout layout = switch (wedge.layout()) {
            case AUTO -> EventLayout.auto();
            case BITS_64 -> EventLayout.BITS_64;
            case BITS_32 -> EventLayout.BITS_32;
        };
        return Optional.of(new WedgeScanSource(new WedgeSettings(wedge.device(), layout,
                WedgeSettings.Terminator.valueOf(wedge.terminator().name()), wedge.idleTimeout(), wedge.grab(),
                wedge.reopenInterval(), config.scan().maxLength()), delays, monotonic));
    }

    /** The serial reader's confirmation commands: none unless the profile is {@code custom}. */
    public static ReaderCommands readerCommands(SerialConfig serial) {
        return serial.profile() == ReaderProfile.CUSTOM
                ? ReaderCommands.ofHex(serial.acceptCommand(), serial.refuseCommand()) : ReaderCommands.NONE;
    }

    /**
     * The kiosk's outputs as {@code [feedback]} configures them: console stand-ins, GPIO light, buzzer and relay
     * (their Pi4J context added to {@code contexts}), speakers, and the console's door note.
     */
    static Feedback feedback(PassgateConfig config, Environment env, ExecutorDelays delays,
                                     List<AutoCloseable> contexts) {
        List<StatusLight> lights = new ArrayList<>();
        List<Buzzer> buzzers = new ArrayList<>();
        List<DoorRelay> relays = new ArrayList<>();
        GpioConfig gpio = config.feedback().gpio();
        if (config.feedback().console()) {
            lights.add(new ConsoleStatusLight(env.console(), false));
            buzzers.add(new ConsoleBuzzer(env.console()));
            relays.add(new ConsoleDoorRelay(env.console(), gpio.relay().maxOn(), delays));
        }
        if (gpio.enabled()) {
            var pi4j = gpioContext(gpio);
            contexts.add(pi4j::shutdown);
            lights.add(new Pi4jStatusLight(pi4j, new PinSpec(gpio.light().greenPin(), gpio.light().activeLow()),
                    new PinSpec(gpio.light().redPin(), gpio.light().activeLow())));
            buzzers.add(gpioBuzzer(gpio, pi4j, delays));
            relays.add(new Pi4jDoorRelay(pi4j, new PinSpec(gpio.relay().pin(), gpio.relay().activeLow()),
                    gpio.relay().maxOn(), delays));
        }
        List<Speaker> speakers = new ArrayList<>();
        speaker(config).ifPresent(speakers::add);
        if (config.feedback().console()) {
            speakers.add(consoleSpeaker(config, env.console()));
        }
        Feedback feedback = new Feedback(FeedbackTable.of(config.feedback().verdicts(),
                config.feedback().reasons()), lights, buzzers, relays, speakers, List.of(), delays,
                config.feedback().hold());
        if (config.feedback().console()) {
            feedback.addReader(consoleDoorNote(env.console()));
        }
        return feedback;
    }
}
