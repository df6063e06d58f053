package dev.passgate.daemon.verify;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.decode.Limits;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.policy.Policies;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PassVerifierLineEndTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    private final PassVerifier verifier = new PassVerifier(Limits.DEFAULT);

    private Verdict verify(String text) {
        return verifier.verify(text, PASSES.trust(), NOW, Policies.named("none").orElseThrow()).verdict();
    }

    @Test
    void dropsTheLineEndsAReaderLeavesAfterACode() {
        String pass = PASSES.samples().get(0).text();

        assertThat(verify(pass)).isEqualTo(Verdict.VALID);
        assertThat(verify(pass + "\r\n")).isEqualTo(Verdict.VALID);
        assertThat(verify(pass + "\n\n")).isEqualTo(Verdict.VALID);
    }

    @Test
    void spacesOrTabsAroundACodeAreNotPartOfAnyPassAndAreRefused() {
        String pass = PASSES.samples().get(0).text();

        assertThat(verify(pass + " ")).isNotEqualTo(Verdict.VALID);
        assertThat(verify(pass + "\t\n")).isNotEqualTo(Verdict.VALID);
        assertThat(verify(" " + pass)).isEqualTo(Verdict.UNSUPPORTED);
    }

    @Test
    void keepsEverythingButTrailingCarriageReturnsAndLineFeeds() {
        assertThat(PassVerifier.withoutLineEnd("HC1:AB \r\n\r")).isEqualTo("HC1:AB ");
        assertThat(PassVerifier.withoutLineEnd("\nHC1:AB")).isEqualTo("\nHC1:AB");
        assertThat(PassVerifier.withoutLineEnd("\r\n")).isEmpty();
    }
}
