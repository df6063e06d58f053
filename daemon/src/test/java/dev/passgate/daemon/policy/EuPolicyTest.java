package dev.passgate.daemon.policy;

import static dev.passgate.daemon.policy.PolicyPasses.ADULT;
import static dev.passgate.daemon.policy.PolicyPasses.COMIRNATY;
import static dev.passgate.daemon.policy.PolicyPasses.JANSSEN;
import static dev.passgate.daemon.policy.PolicyPasses.NOT_DETECTED;
import static dev.passgate.daemon.policy.PolicyPasses.PCR;
import static dev.passgate.daemon.policy.PolicyPasses.RAPID_ANTIGEN;
import static dev.passgate.daemon.policy.PolicyPasses.recovery;
import static dev.passgate.daemon.policy.PolicyPasses.test;
import static dev.passgate.daemon.policy.PolicyPasses.vaccination;
import static dev.passgate.daemon.policy.PolicyPasses.verify;
import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The eu-2022 policy at its boundaries, days counted in UTC; expected dates were counted by hand. */
class EuPolicyTest {
    private static final String EU = "eu-2022";

    @ParameterizedTest(name = "{0} {1}/{1} on 2022-01-01 at {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "EU/1/20/1528 | 2 | 2022-01-14T23:59:59Z      | NOT_YET_VALID",
        "EU/1/20/1528 | 2 | 2022-01-15T00:00:00+09:00 | NOT_YET_VALID",
        "EU/1/20/1528 | 2 | 2022-01-15T00:00:00Z      | VALID",
        "EU/1/20/1528 | 2 | 2022-09-28T23:59:59Z      | VALID",
        "EU/1/20/1528 | 2 | 2022-09-29T00:00:00Z      | EXPIRED",
        "EU/1/20/1525 | 1 | 2022-01-14T23:59:59Z      | NOT_YET_VALID",
        "EU/1/20/1525 | 1 | 2022-09-28T23:59:59Z      | VALID",
        "EU/1/20/1525 | 1 | 2022-09-29T00:00:00Z      | EXPIRED",
    })
    void primarySeriesIsAcceptedFrom14To270Days(String product, int doses, String at, Verdict expected) {
        assertVerdict(vaccination(ADULT, product, doses, doses, "2022-01-01"), at, expected);
    }

    @Test
    void boostersNeverExpire() {
        assertVerdict(vaccination(ADULT, COMIRNATY, 3, 3, "2024-02-29"), "2024-02-28T23:59:59Z",
                Verdict.NOT_YET_VALID);
        assertVerdict(vaccination(ADULT, COMIRNATY, 3, 3, "2024-02-29"), "2024-02-29T00:00:00Z", Verdict.VALID);
        assertVerdict(vaccination(ADULT, JANSSEN, 2, 2, "2022-01-01"), "2029-06-30T00:00:00Z", Verdict.VALID);
    }

    @ParameterizedTest(name = "{0} sampled 2022-03-10T08:00Z at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "LP6464-4   | 2022-03-10T07:59:59Z | NOT_YET_VALID",
        "LP6464-4   | 2022-03-13T08:00:00Z | VALID",
        "LP6464-4   | 2022-03-13T08:00:01Z | EXPIRED",
        "LP217198-3 | 2022-03-11T08:00:00Z | VALID",
        "LP217198-3 | 2022-03-11T08:00:01Z | EXPIRED",
    })
    void pcrCounts72HoursAndRapidAntigen24(String type, String at, Verdict expected) {
        assertVerdict(test(ADULT, type, NOT_DETECTED, "2022-03-10T08:00:00Z"), at, expected);
    }

    @Test
    void otherTestTypesAreRejected() {
        Outcome outcome = verify(test(ADULT, "LP999-9", NOT_DETECTED, "2022-03-10T08:00:00Z"),
                "2022-03-10T09:00:00Z", EU);

        assertThat(outcome.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(outcome.reason()).contains("EU-T-0001");
        assertThat(verify(test(ADULT, RAPID_ANTIGEN, NOT_DETECTED, "2022-03-10T08:00:00Z"), "2022-03-10T09:00:00Z",
                EU).verdict()).isEqualTo(Verdict.VALID);
    }

    @ParameterizedTest(name = "recovery fr 2022-01-10 df 2022-01-21 du {0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "2022-12-31 | 2022-01-20T23:59:59Z | NOT_YET_VALID",
        "2022-12-31 | 2022-01-21T00:00:00Z | VALID",
        "2022-12-31 | 2022-07-09T23:59:59Z | VALID",
        "2022-12-31 | 2022-07-10T00:00:00Z | EXPIRED",
        "2022-05-31 | 2022-05-31T23:59:59Z | VALID",
        "2022-05-31 | 2022-06-01T00:00:00Z | EXPIRED",
    })
    void recoveryIsAcceptedAtMost180DaysAfterTheFirstPositiveTest(String until, String at, Verdict expected) {
        assertVerdict(recovery(ADULT, "2022-01-10", "2022-01-21", until), at, expected);
    }

    @Test
    void minorsAreNotExemptUnderTheEuPolicy() {
        assertVerdict(vaccination("2010-06-15", COMIRNATY, 2, 2, "2022-01-01"), "2022-03-01T12:00:00Z",
                Verdict.VALID);
    }

    @Test
    void pcrValidityCountsHoursFromTheSampleInstant() {
        assertVerdict(test(ADULT, PCR, NOT_DETECTED, "2022-03-10T00:30:00+09:00"), "2022-03-12T15:30:01Z",
                Verdict.EXPIRED);
    }

    private static void assertVerdict(CBORObject hcert, String at, Verdict expected) {
        Outcome outcome = verify(hcert, at, EU);
        assertThat(outcome.verdict()).as("%s at %s: %s", hcert.ToJSONString(), at, outcome.reason())
                .isEqualTo(expected);
        assertThat(outcome.checks().get("policy")).isEqualTo(expected == Verdict.VALID);
    }
}
