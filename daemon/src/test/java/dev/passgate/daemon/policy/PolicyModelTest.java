package dev.passgate.daemon.policy;

import static dev.passgate.daemon.policy.PolicyPasses.ADULT;
import static dev.passgate.daemon.policy.PolicyPasses.NOT_DETECTED;
import static dev.passgate.daemon.policy.PolicyPasses.PCR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Seeded random passes and instants, decided by the shipped CertLogic policies and by a plain {@code java.time}
 * model of the same rules written here; the two must agree. Instants cluster around the day boundaries of the
 * pass, where mistakes hide.
 */
class PolicyModelTest {
    private static final ZoneId SEOUL = ZoneId.of("Asia/Seoul");
    /** A DCC sample time as passes write it: always with seconds (OffsetDateTime.toString drops zero seconds). */
    private static final DateTimeFormatter SAMPLE_TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private static final String[] PRODUCTS = {"EU/1/20/1528", "EU/1/20/1507", "EU/1/21/1529", "EU/1/20/1525"};

    static Stream<Arguments> vaccinations() {
        Random random = new Random(20211213L);
        return IntStream.range(0, 150).mapToObj(i -> {
            String product = PRODUCTS[random.nextInt(PRODUCTS.length)];
            int dose = 1 + random.nextInt(3);
            LocalDate date = LocalDate.of(2021, 1, 1).plusDays(random.nextInt(1200));
            int[] offsets = {-1, 0, 13, 14, 179, 180, 193, 194, 195, 269, 270, 271, 400};
            Instant at = date.plusDays(offsets[random.nextInt(offsets.length)]).atStartOfDay(ZoneOffset.UTC)
                    .toInstant().plusSeconds(random.nextInt(48 * 3600) - 24 * 3600);
            return Arguments.of(product, dose, date, at);
        });
    }

    @ParameterizedTest(name = "{0} dose {1} on {2} at {3}")
    @MethodSource("vaccinations")
    void vaccinationVerdictsAgreeWithTheModel(String product, int dose, LocalDate date, Instant at) {
        boolean janssen = product.equals(PolicyPasses.JANSSEN);
        boolean complete = dose >= (janssen ? 1 : 2);
        boolean booster = dose >= (janssen ? 2 : 3);
        Verdict kr = model(complete, booster, date, LocalDate.ofInstant(at, SEOUL), 14, 193);
        // Passes here are n/n: in the EU every n/n completes a series (1/1 of a two-dose product is the one dose
        // after a recovery, Delegated Regulation (EU) 2021/2288); Korea asked for two doses.
        Verdict eu = model(true, booster, date, LocalDate.ofInstant(at, ZoneOffset.UTC), 14, 270);

        assertThat(decide(PolicyPasses.vaccination(ADULT, product, dose, dose, date.toString()), at, "kr-2022"))
                .isEqualTo(kr);
        assertThat(decide(PolicyPasses.vaccination(ADULT, product, dose, dose, date.toString()), at, "eu-2022"))
                .isEqualTo(eu);
    }

    static Stream<Arguments> pcrTests() {
        Random random = new Random(20220101L);
        return IntStream.range(0, 100).mapToObj(i -> {
            Instant sampled = Instant.parse("2022-01-01T00:00:00Z").plusSeconds(random.nextInt(3 * 365 * 86400));
            Instant at = sampled.plusSeconds(random.nextInt(5 * 86400) - 3600);
            int offsetHours = random.nextInt(27) - 12;
            String written = SAMPLE_TIME.format(OffsetDateTime.ofInstant(sampled, ZoneOffset.ofHours(offsetHours)));
            return Arguments.of(written, at);
        });
    }

    @ParameterizedTest(name = "PCR sampled {0} at {1}")
    @MethodSource("pcrTests")
    void pcrVerdictsAgreeWithTheModel(String sampled, Instant at) {
        Instant sample = OffsetDateTime.parse(sampled).toInstant();
        LocalDate lastDay = LocalDate.ofInstant(sample.plus(Duration.ofHours(48)), SEOUL);
        Verdict kr = at.isBefore(sample) ? Verdict.NOT_YET_VALID
                : LocalDate.ofInstant(at, SEOUL).isAfter(lastDay) ? Verdict.EXPIRED : Verdict.VALID;
        Verdict eu = at.isBefore(sample) ? Verdict.NOT_YET_VALID
                : at.isAfter(sample.plus(Duration.ofHours(72))) ? Verdict.EXPIRED : Verdict.VALID;

        assertThat(decide(PolicyPasses.test(ADULT, PCR, NOT_DETECTED, sampled), at, "kr-2022")).isEqualTo(kr);
        assertThat(decide(PolicyPasses.test(ADULT, PCR, NOT_DETECTED, sampled), at, "eu-2022")).isEqualTo(eu);
    }

    /** Valid from {@code date + from} days (boosters from {@code date}); a primary series to {@code date + until}. */
    private static Verdict model(boolean complete, boolean booster, LocalDate date, LocalDate today, int from,
                                 int until) {
        if (!complete) {
            return Verdict.POLICY_REJECTED;
        }
        if (today.isBefore(booster ? date : date.plusDays(from))) {
            return Verdict.NOT_YET_VALID;
        }
        return !booster && today.isAfter(date.plusDays(until)) ? Verdict.EXPIRED : Verdict.VALID;
    }

    private static Verdict decide(com.upokecenter.cbor.CBORObject hcert, Instant at, String policy) {
        Outcome outcome = PolicyPasses.verify(hcert, OffsetDateTime.ofInstant(at, ZoneOffset.UTC).toString(), policy);
        assertThat(outcome.reason()).as("reason").doesNotContain("could not be evaluated");
        return outcome.verdict();
    }
}
