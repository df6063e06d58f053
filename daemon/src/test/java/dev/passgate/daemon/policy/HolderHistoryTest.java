package dev.passgate.daemon.policy;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.Checks;
import dev.passgate.daemon.verify.Format;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a history is split into events, and the bounds on a hostile one. */
class HolderHistoryTest {
    private static final Instant AT = Instant.parse("2022-06-01T03:00:00Z");

    @Test
    void severalDosesAreNumberedInDateOrderWithTheEuEncoding() {
        CBORObject health = holder().Add("v", CBORObject.NewArray()
                .Add(dose("EU/1/20/1528", "2022-01-10")).Add(dose("EU/1/20/1525", "2021-06-01")));

        List<HolderHistory.Event> events = HolderHistory.events(health).orElseThrow();

        assertThat(events).extracting(HolderHistory.Event::date).containsExactly("2022-01-10", "2021-06-01");
        CBORObject booster = events.get(0).payload().get("v").get(0);
        assertThat(booster.get("dn").AsInt32()).isEqualTo(2);
        assertThat(booster.get("sd").AsInt32()).isEqualTo(1);
        assertThat(events.get(0).history().get("booster").AsBoolean()).isTrue();
        assertThat(events.get(1).history().get("complete").AsBoolean()).isTrue();
        assertThat(events.get(1).payload().get("nam")).isNotNull();
        assertThat(events.get(1).payload().get("v").size()).isEqualTo(1);
    }

    @Test
    void aHistoryLongerThanTheBoundIsRejectedBeforeAnyRuleRuns() {
        CBORObject doses = CBORObject.NewArray();
        for (int i = 0; i <= HolderHistory.MAX_ENTRIES; i++) {
            doses.Add(dose("EU/1/20/1528", "2021-01-01"));
        }
        CBORObject health = holder().Add("v", doses);

        Outcome outcome = Policies.named("kr-2022").orElseThrow().apply(valid(health), AT);

        assertThat(HolderHistory.events(health)).isEmpty();
        assertThat(outcome.verdict()).isEqualTo(Verdict.POLICY_REJECTED);
        assertThat(outcome.reason()).contains("more than 32 entries");
    }

    @Test
    void entriesThatAreNotMapsOrCarryOddNumbersFailClosed() {
        CBORObject notMaps = holder().Add("v", CBORObject.NewArray().Add("x").Add(7));
        CBORObject hugeDose = holder().Add("v", CBORObject.NewArray().Add(dose("EU/1/20/1528", "2021-01-01")
                .Set("dn", CBORObject.FromObject(Long.MAX_VALUE))).Add(dose("EU/1/20/1528", "2021-02-01")))
                .Add("r", CBORObject.NewArray().Add(CBORObject.NewOrderedMap().Add("fr", 12)));

        for (CBORObject health : List.of(notMaps, hugeDose)) {
            for (String policy : List.of("kr-2022", "eu-2022")) {
                Outcome outcome = Policies.named(policy).orElseThrow().apply(valid(health), AT);
                assertThat(outcome.verdict()).as(policy + " " + health).isNotEqualTo(Verdict.VALID);
            }
        }
    }

    private static Outcome valid(CBORObject health) {
        return Outcome.of(Verdict.VALID, Format.PG1, new Checks(), "verified").withFacts("kid", "v", "holder",
                health);
    }

    private static CBORObject holder() {
        return CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "CHOI").Add("gnt", "YUNA")).Add("dob", "1990-05-17");
    }

    private static CBORObject dose(String product, String date) {
        return CBORObject.NewOrderedMap().Add("tg", "840539006").Add("mp", product).Add("dn", 1).Add("sd", 2)
                .Add("dt", date);
    }
}
