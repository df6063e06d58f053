package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;

/** Sample records for the entry log tests. */
final class Entries {
    static final Instant START = Instant.parse("2026-03-01T08:00:00Z");

    private Entries() {
    }

    /** The i-th sample record: distinct times, alternating verdicts, and a null issuer and holder now and then. */
    static EntryRecord sample(int i) {
        String verdict = i % 3 == 0 ? "EXPIRED" : "VALID";
        String kid = i % 4 == 0 ? null : "kid" + (i % 7);
        String holder = i % 5 == 0 ? null : String.format("%032x", i);
        return new EntryRecord(START.plusMillis(1_500L * i), 1_000_000L * i, verdict, "HC1", kid, holder, i % 2 == 0);
    }

    /** The sequence of an append that must have been written. */
    static long written(Appended appended) {
        assertThat(appended).isInstanceOf(Appended.Written.class);
        return ((Appended.Written) appended).sequence();
    }
}
