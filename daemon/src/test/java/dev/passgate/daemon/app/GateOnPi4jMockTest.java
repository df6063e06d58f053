package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.pi4j.context.Context;
import com.pi4j.io.gpio.digital.DigitalOutput;
import com.pi4j.io.gpio.digital.DigitalState;
import com.pi4j.plugin.mock.provider.gpio.digital.MockDigitalOutputProvider;
import dev.passgate.config.ConfigLoader;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.HolderPseudonyms;
import dev.passgate.daemon.audit.Minimisation;
import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.feedback.Feedback;
import dev.passgate.daemon.feedback.FeedbackTable;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.hal.ManualDelays;
import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.pi4j.Pi4jBuzzer;
import dev.passgate.hal.pi4j.Pi4jContexts;
import dev.passgate.hal.pi4j.Pi4jDoorRelay;
import dev.passgate.hal.pi4j.Pi4jStatusLight;
import dev.passgate.hal.pi4j.PinSpec;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A whole scan through the gate with the real Pi4J devices on Pi4J's mock plugin; pin numbers as the defaults. */
class GateOnPi4jMockTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    private static final int GREEN = 17;
    private static final int RED = 27;
    private static final int BUZZER = 22;
    private static final int RELAY = 23;

    @TempDir
    Path dir;

    private final ManualDelays delays = new ManualDelays();
    private Context pi4j;
    private EntryLog log;
    private Feedback feedback;
    private Gate gate;
    private final Map<Integer, DigitalOutput> outputs = new HashMap<>();

    @BeforeEach
    void assemble() throws Exception {
        pi4j = Pi4jContexts.withOutputProvider(MockDigitalOutputProvider.newInstance());
        log = EntryLog.open(dir.resolve("entries.db"), "kiosk-pi");
        feedback = new Feedback(FeedbackTable.of(ConfigLoader.defaults(dir.resolve("x.toml")).feedback().verdicts()),
                List.of(new Pi4jStatusLight(pi4j, new PinSpec(GREEN, false), new PinSpec(RED, false))),
                List.of(new Pi4jBuzzer(pi4j, new PinSpec(BUZZER, false), delays)),
                List.of(new Pi4jDoorRelay(pi4j, new PinSpec(RELAY, true), Duration.ofSeconds(5), delays)),
                delays, Duration.ofSeconds(3));
        gate = new Gate(new PassVerifier(Limits.DEFAULT), PASSES.trust(), Policies.named("none").orElseThrow(), log,
                Minimisation.defaults(HolderPseudonyms.ofSecret(new byte[32])), feedback,
                Clock.fixed(NOW, ZoneOffset.UTC), delays::nanoTime, decision -> { });
        pi4j.registry().all().values().stream().filter(io -> io instanceof DigitalOutput)
                .map(io -> (DigitalOutput) io).forEach(out -> outputs.put(out.address().intValue(), out));
    }

    @AfterEach
    void close() throws Exception {
        log.close();
        pi4j.shutdown();
    }

    @Test
    void validScanLightsGreenBeepsAndPulsesTheActiveLowRelay() {
        assertThat(state(RELAY)).as("relay released at start (active-low: HIGH)").isEqualTo(DigitalState.HIGH);

        gate.handle(new ScannedCode("test", PASSES.samples().get(0).text(), false, 0));

        assertThat(state(GREEN)).isEqualTo(DigitalState.HIGH);
        assertThat(state(RED)).isEqualTo(DigitalState.LOW);
        assertThat(state(BUZZER)).isEqualTo(DigitalState.HIGH);
        assertThat(state(RELAY)).as("relay energised").isEqualTo(DigitalState.LOW);
        delays.advance(Duration.ofMillis(200));
        assertThat(state(BUZZER)).isEqualTo(DigitalState.LOW);
        assertThat(state(RELAY)).isEqualTo(DigitalState.LOW);
        delays.advance(Duration.ofMillis(2900));
        assertThat(state(RELAY)).as("relay released after 3 s").isEqualTo(DigitalState.HIGH);
        assertThat(state(GREEN)).as("light off after the hold time").isEqualTo(DigitalState.LOW);
    }

    @Test
    void expiredScanLightsRedAndKeepsTheDoorShut() {
        gate.handle(new ScannedCode("test", PASSES.samples().get(1).text(), false, 0));

        assertThat(state(RED)).isEqualTo(DigitalState.HIGH);
        assertThat(state(GREEN)).isEqualTo(DigitalState.LOW);
        assertThat(state(RELAY)).isEqualTo(DigitalState.HIGH);
    }

    @Test
    void shutdownLeavesEveryOutputSafe() {
        gate.handle(new ScannedCode("test", PASSES.samples().get(0).text(), false, 0));

        feedback.close();

        assertThat(state(GREEN)).isEqualTo(DigitalState.LOW);
        assertThat(state(BUZZER)).isEqualTo(DigitalState.LOW);
        assertThat(state(RELAY)).as("relay released").isEqualTo(DigitalState.HIGH);
    }

    private DigitalState state(int bcm) {
        assertThat(outputs).as("outputs provisioned").containsKey(bcm);
        return outputs.get(bcm).state();
    }
}
