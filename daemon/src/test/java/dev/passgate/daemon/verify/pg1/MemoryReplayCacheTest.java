package dev.passgate.daemon.verify.pg1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MemoryReplayCacheTest {
    private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z");

    @Test
    void aKeyIsSeenUntilItsTimeAndFirstSeenAgainAfterIt() {
        MemoryReplayCache cache = new MemoryReplayCache();

        assertThat(cache.firstSeen("a", NOW.plusSeconds(30), NOW)).isTrue();
        assertThat(cache.firstSeen("a", NOW.plusSeconds(60), NOW.plusMillis(500))).isFalse();
        assertThat(cache.firstSeen("a", NOW.plusSeconds(60), NOW.plusSeconds(30))).isFalse();
        assertThat(cache.firstSeen("a", NOW.plusSeconds(90), NOW.plusSeconds(30).plusMillis(1))).isTrue();
    }

    @Test
    void expiredEntriesAreDroppedOncePerSecondOfTheCallersClock() {
        MemoryReplayCache cache = new MemoryReplayCache();
        for (int i = 0; i < 100; i++) {
            cache.firstSeen("old-" + i, NOW.plusSeconds(1), NOW);
        }

        // within the same second nothing is walked; in the next second past their time they are gone
        cache.firstSeen("new-1", NOW.plusSeconds(60), NOW.plusMillis(900));
        assertThat(cache.size()).isEqualTo(101);
        cache.firstSeen("new-2", NOW.plusSeconds(60), NOW.plusSeconds(2));
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void aCacheWithACapacityForgetsItsOldestEntriesBeyondIt() {
        MemoryReplayCache cache = new MemoryReplayCache(3);
        for (String key : new String[] {"a", "b", "c", "d"}) {
            assertThat(cache.firstSeen(key, NOW.plusSeconds(60), NOW)).isTrue();
        }

        assertThat(cache.size()).isEqualTo(3);
        assertThat(cache.firstSeen("d", NOW.plusSeconds(60), NOW)).isFalse();
        assertThat(cache.firstSeen("b", NOW.plusSeconds(60), NOW)).isFalse();
        assertThat(cache.firstSeen("a", NOW.plusSeconds(60), NOW)).isTrue();
        assertThatThrownBy(() -> new MemoryReplayCache(0)).isInstanceOf(IllegalArgumentException.class);
    }
}
