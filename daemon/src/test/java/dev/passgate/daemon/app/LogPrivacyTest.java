package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.clock.MonotonicClock;
import dev.passgate.daemon.demo.Hc1Issuer;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scans passes that carry distinctive names and birth dates through the whole kiosk and the CLI, with every logger
 * at trace level (see tinylog-test.properties), and proves that none of them, nor the raw pass text, appears in the
 * log or on the console.
 */
class LogPrivacyTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final List<String> SECRETS = List.of("QUIXOTEVANDERWAAL", "ZEBEDIAH", "1931-07-29",
            "Quixote", "Zebediah");

    @TempDir
    Path dir;

    @Test
    void namesBirthDatesAndPassTextNeverReachTheLogs() throws Exception {
        Hc1Issuer issuer = Hc1Issuer.create("privacy issuer", NOW.minus(Duration.ofDays(100)),
                NOW.plus(Duration.ofDays(100)));
        String pass = issuer.sign(hcert(), "KR", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(10)));
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        Path config = Files.writeString(dir.resolve("passgate.toml"), "[device]\ndata_dir = \"data\"\n"
                + "[feedback]\nconsole = true\n");
        Environment env = new Environment(MonotonicClock.startingAt(NOW, System::nanoTime), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(console, true, StandardCharsets.UTF_8),
                TrustStore.builder().add(issuer.certificate()).build(), decision -> { });

        try (Kiosk kiosk = Kiosk.assemble(((ConfigResult.Loaded) ConfigLoader.load(config)).config(), env)) {
            assertThat(kiosk.gate().handle(new ScannedCode("test", pass, false, 0)).outcome().valid()).isTrue();
            kiosk.gate().handle(new ScannedCode("test", pass.substring(0, pass.length() - 9), false, 0));
        }
        CliRun verify = CliRun.verify(pass + "\n", Clock.fixed(NOW, ZoneOffset.UTC));
        // The file writer is unbuffered (tinylog-test.properties), so the file is complete here. The logging provider
        // is not shut down: it is shared by every later test in this JVM, which would then write to a closed stream.

        String log = Files.readString(Paths.get("target", "tinylog-test.log"), StandardCharsets.UTF_8);
        assertThat(log).as("the trace log was written").contains("Gate");
        for (String secret : SECRETS) {
            assertThat(log).as("log").doesNotContainIgnoringCase(secret);
            assertThat(console.toString(StandardCharsets.UTF_8)).as("console").doesNotContainIgnoringCase(secret);
            assertThat(verify.out() + verify.err()).as("verify output").doesNotContainIgnoringCase(secret);
        }
        assertThat(log).doesNotContain(pass.substring(4, 40));
    }

    private static CBORObject hcert() {
        return CBORObject.NewOrderedMap()
                .Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fn", "Quixote-van der Waal").Add("fnt", "QUIXOTEVANDERWAAL")
                        .Add("gn", "Zebediah").Add("gnt", "ZEBEDIAH"))
                .Add("dob", "1931-07-29")
                .Add("v", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("tg", "840539006")
                        .Add("vp", "1119349007").Add("mp", "EU/1/20/1528").Add("ma", "ORG-100030215").Add("dn", 3)
                        .Add("sd", 3).Add("dt", "2022-01-02").Add("co", "KR").Add("is", "privacy issuer")
                        .Add("ci", "URN:UVCI:01:KR:PRIVACY#1")));
    }
}
