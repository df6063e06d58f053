package dev.passgate.daemon.demo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.policy.Policies;
import dev.passgate.daemon.policy.Policy;
import dev.passgate.daemon.verify.PassVerifier;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PhoneSimulatorTest {
    private static final Instant NOW = Instant.parse("2022-02-01T09:00:00Z");

    @Test
    void everyRefreshIsANewPresentationThatTheKioskAdmitsOnce() {
        PhoneSimulator phone = PhoneSimulator.mint(NOW);
        PassVerifier verifier = new PassVerifier(Limits.DEFAULT);
        Policy none = Policies.named("none").orElseThrow();

        String first = phone.present(NOW);
        String second = phone.present(NOW.plusSeconds(5));

        assertThat(second).isNotEqualTo(first);
        assertThat(verifier.verify(first, phone.trust(), NOW.plusSeconds(1), none).verdict()).isEqualTo(Verdict.VALID);
        assertThat(verifier.verify(first, phone.trust(), NOW.plusSeconds(2), none).verdict())
                .isEqualTo(Verdict.REPLAYED);
        assertThat(verifier.verify(second, phone.trust(), NOW.plusSeconds(6), none).verdict())
                .isEqualTo(Verdict.VALID);
        assertThat(verifier.verify(second, phone.trust(), NOW.plusSeconds(60), none).verdict())
                .isEqualTo(Verdict.STALE);
    }
}
