package dev.passgate.hal.timing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.ManualDelays;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The debouncer on {@link ManualDelays}: when a change is delivered, and with which time. */
class DebouncerTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(20);

    private final ManualDelays delays = new ManualDelays();
    private final List<String> changes = new CopyOnWriteArrayList<>();
    private final Debouncer debouncer = new Debouncer(DEBOUNCE, false, delays,
            (active, nanos) -> changes.add(active + "@" + nanos / 1_000_000 + "ms, seen at "
                    + delays.nanoTime() / 1_000_000 + "ms"));

    private void at(long millis, boolean level) {
        delays.advance(Duration.ofMillis(millis).minusNanos(delays.nanoTime()));
        debouncer.raw(level, delays.nanoTime());
    }

    @Test
    void aBurstGivesOneChangeStampedWithItsFirstEdgeOneDebounceAfterTheLastEdge() {
        at(100, true);
        at(103, false);
        at(105, true);
        delays.advance(Duration.ofMillis(100));

        assertThat(changes).containsExactly("true@100ms, seen at 125ms");
        assertThat(debouncer.active()).isTrue();
    }

    @Test
    void theSettledLevelReportedAgainDoesNothing() {
        at(100, false);
        at(110, false);
        delays.advance(Duration.ofMillis(100));

        assertThat(changes).isEmpty();
        assertThat(delays.pendingCount()).isZero();
    }

    @Test
    void aRepeatWhileSettlingRestartsTheDebounceTimeAsABounceSeenInHalf() {
        at(100, true);
        at(110, true);
        delays.advance(Duration.ofMillis(100));

        assertThat(changes).as("one change, delayed, still stamped with the first edge")
                .containsExactly("true@100ms, seen at 130ms");
    }

    @Test
    void aBurstThatSettlesBackWhereItWasGivesNoChange() {
        at(100, true);
        at(104, false);
        delays.advance(Duration.ofMillis(100));

        assertThat(changes).isEmpty();
        assertThat(debouncer.active()).isFalse();
    }
}
