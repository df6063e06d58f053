package dev.passgate.daemon.app;

import dev.passgate.hal.Buzzer;
import dev.passgate.hal.BuzzerPattern;
import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.LightColor;
import dev.passgate.hal.SoundClip;
import dev.passgate.hal.Speaker;
import dev.passgate.hal.StatusLight;
import dev.passgate.hal.audio.ClipPack;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;

/**
 * The output half of {@code passgate test-io}: cycles every output so a technician can see and hear each one —
 * the light in each colour and blinking, each buzzer pattern, one short relay pulse, every clip — announcing
 * each step before it runs, and leaves every device in its safe state. Time passes through a {@link Waiter}:
 * real time on the kiosk, a manual clock with the fakes (so the whole cycle runs at once).
 */
public final class SelfTest {
    /** How a step's time passes. */
    @FunctionalInterface
    public interface Waiter {
        void await(Duration time) throws InterruptedException;
    }

    /** The outputs to cycle. */
    public record Outputs(List<StatusLight> lights, List<Buzzer> buzzers, List<DoorRelay> relays,
                          List<Speaker> speakers) {
    }

    static final Duration LIGHT_STEP = Duration.ofSeconds(1);
    static final Duration BUZZER_STEP = Duration.ofMillis(1200);
    static final Duration RELAY_PULSE = Duration.ofMillis(500);

    private SelfTest() {
    }

    /** Runs the cycle; the clip lengths come from {@code clips}. */
    public static void cycle(Outputs outputs, ClipPack clips, Waiter waiter, PrintWriter out)
            throws InterruptedException {
        List<StatusLight> lights = outputs.lights();
        out.printf("outputs: %d light(s), %d buzzer(s), %d relay(s), %d speaker(s)%n", outputs.lights().size(),
                outputs.buzzers().size(), outputs.relays().size(), outputs.speakers().size());
        for (LightColor color : List.of(LightColor.GREEN, LightColor.AMBER, LightColor.RED)) {
            step(out, "light " + color + " steady for " + LIGHT_STEP.toMillis() + " ms");
            lights.forEach(light -> light.show(color));
            waiter.await(LIGHT_STEP);
        }
        step(out, "light OFF");
        lights.forEach(light -> light.show(LightColor.OFF));
        for (BuzzerPattern pattern : List.of(BuzzerPattern.SHORT, BuzzerPattern.DOUBLE, BuzzerPattern.LONG,
                BuzzerPattern.CHIME)) {
            step(out, "buzzer " + pattern.name());
            outputs.buzzers().forEach(buzzer -> buzzer.play(pattern));
            waiter.await(BUZZER_STEP);
        }
        step(out, "relay pulse " + RELAY_PULSE.toMillis() + " ms");
        outputs.relays().forEach(relay -> relay.pulse(RELAY_PULSE));
        waiter.await(RELAY_PULSE.plusMillis(200));
        for (SoundClip clip : SoundClip.values()) {
            if (clip == SoundClip.NONE) {
                continue;
            }
            Duration length = Duration.ofMillis((long) (clips.clip(clip).seconds() * 1000) + 300);
            step(out, "speaker " + clip.key() + " (" + length.toMillis() + " ms)");
            outputs.speakers().forEach(speaker -> speaker.play(clip));
            waiter.await(length);
        }
        outputs.speakers().forEach(speaker -> out.println("speaker health: " + speaker.health()));
        step(out, "all outputs to their safe state");
        outputs.relays().forEach(DoorRelay::close);
        outputs.buzzers().forEach(Buzzer::close);
        outputs.speakers().forEach(Speaker::close);
        outputs.lights().forEach(StatusLight::close);
    }

    private static void step(PrintWriter out, String what) {
        out.println("- " + what);
        out.flush();
    }
}
