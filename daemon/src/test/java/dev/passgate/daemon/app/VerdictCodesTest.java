package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.Verdicts;
import dev.passgate.daemon.verify.Verdict;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VerdictCodesTest {
    @Test
    void theConfigurationKnowsExactlyTheVerdictsTheVerifierGives() {
        assertThat(Verdicts.CODES).containsExactlyElementsOf(
                Arrays.stream(Verdict.values()).map(Verdict::name).toList());
    }
}
