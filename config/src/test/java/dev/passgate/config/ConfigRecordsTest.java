package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The invariants the records keep whoever builds them: copies, order, ranges and the printed error form. */
class ConfigRecordsTest {

    @Test
    void copiesTheTrustListSoLaterChangesDoNotLeakIn() {
        List<Path> trust = new ArrayList<>(List.of(Path.of("a.pem")));

        VerifyConfig verify = new VerifyConfig("none", trust);
        trust.add(Path.of("b.pem"));

        assertThat(verify.trust()).containsExactly(Path.of("a.pem"));
        assertThatThrownBy(() -> verify.trust().add(Path.of("c.pem")))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void keepsVerdictsInCodeOrderAndUnmodifiable() {
        // given the default rules inserted in reverse order
        Map<String, FeedbackRule> reversed = new LinkedHashMap<>();
        for (int i = Verdicts.CODES.size() - 1; i >= 0; i--) {
            String code = Verdicts.CODES.get(i);
            reversed.put(code, FeedbackConfig.DEFAULT_VERDICTS.get(code));
        }

        // when
        FeedbackConfig feedback = new FeedbackConfig(false, Duration.ofSeconds(1), GpioConfig.DEFAULTS, reversed);

        // then
        assertThat(feedback.verdicts().keySet()).containsExactlyElementsOf(Verdicts.CODES);
        assertThatThrownBy(() -> feedback.verdicts().remove("VALID"))
                .isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void rejectsVerdictMapMissingACode() {
        Map<String, FeedbackRule> partial = new LinkedHashMap<>(FeedbackConfig.DEFAULT_VERDICTS);
        partial.remove("STALE");

        assertThatThrownBy(() -> new FeedbackConfig(false, Duration.ofSeconds(1), GpioConfig.DEFAULTS, partial))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("verdicts: found codes");
    }

    @Test
    void rejectsValuesOutsideTheirDeclaredRanges() {
        assertThatThrownBy(() -> new ScanConfig(10, StdinConfig.DEFAULTS, SerialConfig.DEFAULTS))
                .hasMessage("maxLength: found 10, expected 64..16384");
        assertThatThrownBy(() -> new PinConfig(28, false)).hasMessage("pin: found 28, expected 0..27");
        assertThatThrownBy(() -> new FeedbackRule(Light.RED, Tone.LONG, Duration.ofMillis(-1)))
                .hasMessage("relay: found PT-0.001S, expected 0..30000 ms");
        assertThatThrownBy(() -> new RelayConfig(23, true, Duration.ofMillis(99)))
                .hasMessage("maxOn: found PT0.099S, expected 100..30000 ms");
        assertThatThrownBy(() -> new LogConfig("verbose")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceConfig("", Path.of("/d"), Path.of("/s")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void entryLogRecordRefusesPartialUnitsSwitchedOffTriggersAndPseudonymousPublicFields() {
        EntryLogConfig defaults = EntryLogConfig.DEFAULTS;

        assertThatThrownBy(() -> new EntryLogConfig(Duration.ofHours(36), 100, 1, 1, Duration.ZERO,
                defaults.signingKeyFile(), defaults.encryption(), defaults.fields()))
                .hasMessage("retention: found PT36H, expected whole days in 1..3650");
        assertThatThrownBy(() -> new EntryLogConfig(Duration.ofDays(1), 100, 1, 0, Duration.ZERO,
                defaults.signingKeyFile(), defaults.encryption(), defaults.fields()))
                .hasMessageContaining("found both 0");
        assertThatThrownBy(() -> new EntryFieldsConfig(FieldLevel.NONE, FieldLevel.PSEUDONYMOUS, FieldLevel.NONE))
                .hasMessage("issuer: found PSEUDONYMOUS, expected one of [NONE, FULL]");
        assertThat(EntryLogConfig.defaultsIn(Path.of("/srv/g")).signingKeyFile())
                .isEqualTo(Path.of("/srv/g/entry-log-signing.pem"));
    }

    @Test
    void printsAnErrorAsFileLineKeyFoundExpected() {
        ConfigError error = new ConfigError(Path.of("/etc/passgate/passgate.toml"), 12, "scan.max_length", "10",
                "64..16384");

        assertThat(error).hasToString("/etc/passgate/passgate.toml:12: scan.max_length: found 10, expected 64..16384");
    }

    @Test
    void refusesAnInvalidResultWithoutErrors() {
        assertThatThrownBy(() -> new ConfigResult.Invalid(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
