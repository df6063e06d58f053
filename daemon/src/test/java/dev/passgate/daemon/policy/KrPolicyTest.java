package dev.passgate.daemon.policy;

import static dev.passgate.daemon.policy.PolicyPasses.ADULT;
import static dev.passgate.daemon.policy.PolicyPasses.COMIRNATY;
import static dev.passgate.daemon.policy.PolicyPasses.DETECTED;
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

/**
 * The kr-2022 policy at every boundary, with passes minted by {@code Hc1Issuer} and verified through
 * {@code PassVerifier}. Instants are written in KST (+09:00) where the day boundary is the point; expected
 * dates were counted by hand.
 */
class KrPolicyTest {
    private static final String KR = "kr-2022";

    @ParameterizedTest(name = "dose 2/2 on 2022-01-01 at {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "2022-01-14T23:59:59+09:00 | NOT_YET_VALID",
        "2022-01-14T14:59:59Z      | NOT_YET_VALID",
        "2022-01-14T15:00:00Z      | VALID",
        "2022-01-15T00:00:00+09:00 | VALID",
        "2022-07-13T23:59:59+09:00 | VALID",
        "2022-07-14T00:00:00+09:00 | EXPIRED",
        "2022-07-13T15:00:00Z      | EXPIRED",
    })
    void primarySeriesIsValidFromDay14For180DaysInSeoul(String at, Verdict expected) {
        assertVerdict(vaccination(ADULT, COMIRNATY, 2, 2, "2022-01-01"), at, expected);
    }

    @ParameterizedTest(name = "Janssen dose 1/1 on 2022-01-01 at {0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "2022-01-14T23:59:59+09:00 | NOT_YET_VALID",
        "2022-01-15T00:00:00+09:00 | VALID",
        "2022-07-13T23:59:59+09:00 | VALID",
        "2022-07-14T00:00:00+09:00 | EXPIRED",
    })
    void janssenCompletesThePrimarySeriesWithOneDose(String at, Verdict expected) {
        assertVerdict(vaccination(ADULT, JANSSEN, 1, 1, "2022-01-01"), at, expected);
    }

    @ParameterizedTest(name = "dose 2/2 on {0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "2024-02-15 | 2024-02-28T23:59:59+09:00 | NOT_YET_VALID",
        "2024-02-15 | 2024-02-29T00:00:00+09:00 | VALID",
        "2024-02-15 | 2024-08-26T23:59:59+09:00 | VALID",
        "2024-02-15 | 2024-08-27T00:00:00+09:00 | EXPIRED",
        "2022-02-15 | 2022-02-28T23:59:59+09:00 | NOT_YET_VALID",
        "2022-02-15 | 2022-03-01T00:00:00+09:00 | VALID",
        "2021-12-31 | 2022-01-13T23:59:59+09:00 | NOT_YET_VALID",
        "2021-12-31 | 2022-01-14T00:00:00+09:00 | VALID",
        "2021-12-31 | 2022-07-12T23:59:59+09:00 | VALID",
        "2021-12-31 | 2022-07-13T00:00:00+09:00 | EXPIRED",
    })
    void dayCountsCrossMonthEndsAndTheLeapDay(String date, String at, Verdict expected) {
        assertVerdict(vaccination(ADULT, COMIRNATY, 2, 2, date), at, expected);
    }

    @ParameterizedTest(name = "{0} {1}/{2} on {3} at {4}: {5}")
    @CsvSource(delimiter = '|', value = {
        "EU/1/20/1528 | 3 | 3 | 2024-02-29 | 2024-02-28T23:59:59+09:00 | NOT_YET_VALID",
        "EU/1/20/1528 | 3 | 3 | 2024-02-29 | 2024-02-29T00:00:00+09:00 | VALID",
        "EU/1/20/1528 | 3 | 3 | 2024-02-29 | 2029-12-31T23:59:59+09:00 | VALID",
        "EU/1/20/1525 | 2 | 2 | 2022-03-10 | 2022-03-09T23:59:59+09:00 | NOT_YET_VALID",
        "EU/1/20/1525 | 2 | 2 | 2022-03-10 | 2022-03-10T00:00:00+09:00 | VALID",
        "EU/1/20/1525 | 2 | 1 | 2022-03-10 | 2027-03-10T00:00:00+09:00 | VALID",
        "EU/1/20/1507 | 4 | 4 | 2022-06-01 | 2028-06-01T12:00:00+09:00 | VALID",
    })
    void boostersAreValidFromTheirDayWithoutExpiry(String product, int dose, int series, String date, String at,
                                                  Verdict expected) {
        assertVerdict(vaccination(ADULT, product, dose, series, date), at, expected);
    }

    @Test
    void incompleteSeriesAndUnknownProductsAreRejectedNotPending() {
        Outcome firstDose = verify(vaccination(ADULT, COMIRNATY, 1, 2, "2022-01-01"), "2022-03-01T12:00:00+09:00",
                KR);
        Outcome sputnik = verify(vaccination(ADULT, "Sputnik-V", 2, 2, "2022-01-01"), "2022-03-01T12:00:00+09:00",
                KR);

        assertThat(firstDose.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(firstDose.reason()).contains("primary vaccination series is not complete", "KR-V-0002");
        assertThat(sputnik.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(sputnik.reason()).contains("KR-V-0001");
    }

    @ParameterizedTest(name = "PCR sampled {0} at {1}: {2}")
    @CsvSource(delimiter = '|', value = {
        "2022-03-10T15:00:00+09:00 | 2022-03-10T14:59:59+09:00 | NOT_YET_VALID",
        "2022-03-10T15:00:00+09:00 | 2022-03-10T15:00:00+09:00 | VALID",
        "2022-03-10T15:00:00+09:00 | 2022-03-12T23:59:59+09:00 | VALID",
        "2022-03-10T15:00:00+09:00 | 2022-03-13T00:00:00+09:00 | EXPIRED",
        "2022-03-10T15:30:00Z      | 2022-03-13T23:59:59+09:00 | VALID",
        "2022-03-10T15:30:00Z      | 2022-03-14T00:00:00+09:00 | EXPIRED",
        "2022-03-10T00:30:00+09:00 | 2022-03-12T10:00:00+09:00 | VALID",
        "2022-03-10T00:30:00+09:00 | 2022-03-12T23:59:59+09:00 | VALID",
        "2022-03-10T00:30:00+09:00 | 2022-03-13T00:00:00+09:00 | EXPIRED",
        "2022-02-27T09:00:00+09:00 | 2022-03-01T23:59:59+09:00 | VALID",
        "2022-02-27T09:00:00+09:00 | 2022-03-02T00:00:00+09:00 | EXPIRED",
    })
    void negativePcrIsValidUntilMidnightInSeoulOfTheDay48HoursOn(String sampled, String at, Verdict expected) {
        assertVerdict(test(ADULT, PCR, NOT_DETECTED, sampled), at, expected);
    }

    @Test
    void rapidAntigenAndPositiveTestsAreRejectedByThePolicy() {
        Outcome antigen = verify(test(ADULT, RAPID_ANTIGEN, NOT_DETECTED, "2022-03-10T15:00:00+09:00"),
                "2022-03-10T16:00:00+09:00", KR);
        Outcome positive = verify(test(ADULT, PCR, DETECTED, "2022-03-10T15:00:00+09:00"),
                "2022-03-10T16:00:00+09:00", KR);

        assertThat(antigen.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(antigen.reason()).startsWith("this venue takes only PCR tests");
        assertThat(positive.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(positive.reason()).contains("not negative");
    }

    @ParameterizedTest(name = "recovery df {0} du {1} at {2}: {3}")
    @CsvSource(delimiter = '|', value = {
        "2022-02-01 | 2022-12-31 | 2022-01-31T23:59:59+09:00 | NOT_YET_VALID",
        "2022-02-01 | 2022-12-31 | 2022-02-01T00:00:00+09:00 | VALID",
        "2022-02-01 | 2022-12-31 | 2022-07-30T23:59:59+09:00 | VALID",
        "2022-02-01 | 2022-12-31 | 2022-07-31T00:00:00+09:00 | EXPIRED",
        "2022-02-01 | 2022-05-01 | 2022-05-01T23:59:59+09:00 | VALID",
        "2022-02-01 | 2022-05-01 | 2022-05-02T00:00:00+09:00 | EXPIRED",
    })
    void recoveryIsValid180DaysFromReleaseWithinItsRecordedWindow(String from, String until, String at,
                                                                  Verdict expected) {
        assertVerdict(recovery(ADULT, "2022-01-20", from, until), at, expected);
    }

    @ParameterizedTest(name = "born {0}: exempt {1}")
    @CsvSource(delimiter = '|', value = {
        "2004-01-01 | true", "2003-12-31 | false", "2004 | true", "2003 | false", "2003-12 | false",
        "2004-01 | true", "2010-06-15 | true", "'' | false", "1978-01-26T00:00:00 | false",
        "2005-03-01T00:00:00 | true"})
    void holdersBornFrom2004AreExemptAndStaffAreToldToCheckId(String dob, boolean exempt) {
        Outcome outcome = verify(vaccination(dob, COMIRNATY, 2, 2, "2022-01-01"), "2022-03-01T12:00:00+09:00", KR);

        if (exempt) {
            assertThat(outcome.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
            assertThat(outcome.reason()).startsWith("EXEMPT_CHECK_ID:").contains("KR-0001");
        } else {
            assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        }
        assertThat(outcome.checks().get("policy")).isEqualTo(!exempt);
    }

    @Test
    void aDateOfBirthThatIsNoDateRejectsThePassWithoutEchoingIt() {
        Outcome outcome = verify(vaccination("1963-00", COMIRNATY, 2, 2, "2022-01-01"), "2022-03-01T12:00:00+09:00",
                KR);

        assertThat(outcome.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(outcome.reason()).contains("KR-0001 could not be evaluated").doesNotContain("1963");
    }

    @Test
    void exemptionComesBeforeExpiry() {
        Outcome outcome = verify(vaccination("2005-02-02", COMIRNATY, 2, 2, "2021-01-01"),
                "2022-03-01T12:00:00+09:00", KR);

        assertThat(outcome.reason()).startsWith("EXEMPT_CHECK_ID:");
    }

    @Test
    void aPassWithTwoEntriesIsReadAsAHistoryAndAnUnreadableDateIsRejected() {
        CBORObject twoEntries = vaccination(ADULT, COMIRNATY, 2, 2, "2022-01-01");
        twoEntries.get("v").Add(twoEntries.get("v").get(0));
        Outcome two = verify(twoEntries, "2022-03-01T12:00:00+09:00", KR);
        Outcome unreadable = verify(vaccination(ADULT, COMIRNATY, 2, 2, "2022-13-01"), "2022-03-01T12:00:00+09:00",
                KR);

        assertThat(two.verdict()).isEqualTo(Verdict.VALID);
        assertThat(two.reason()).contains("by its newest qualifying vaccination entry");
        assertThat(unreadable.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(unreadable.reason()).contains("could not be evaluated").doesNotContain("2022-13-01");
    }

    @Test
    void validOutcomeGainsAPassedPolicyCheckAfterTheVerificationSteps() {
        Outcome outcome = verify(vaccination(ADULT, COMIRNATY, 2, 2, "2022-01-01"), "2022-03-01T12:00:00+09:00", KR);

        assertThat(outcome.verdict()).isEqualTo(Verdict.VALID);
        assertThat(outcome.checks().keySet()).containsExactly("prefix", "base45", "inflate", "cose", "cbor", "schema",
                "signature", "keyusage", "validity", "policy");
        assertThat(outcome.checks().values()).containsOnly(true);
        assertThat(outcome.reason()).doesNotContain("CHOI", ADULT);
    }

    private static void assertVerdict(CBORObject hcert, String at, Verdict expected) {
        Outcome outcome = verify(hcert, at, KR);
        assertThat(outcome.verdict()).as("%s at %s: %s", hcert.ToJSONString(), at, outcome.reason())
                .isEqualTo(expected);
        assertThat(outcome.checks().get("policy")).isEqualTo(expected == Verdict.VALID);
    }
}
