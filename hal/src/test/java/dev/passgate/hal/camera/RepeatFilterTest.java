package dev.passgate.hal.camera;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatFilterTest {
    private static final long SECOND = 1_000_000_000L;
    private final RepeatFilter filter = new RepeatFilter(3 * SECOND);

    @Test
    void reportsACodeHeldInViewOncePerInterval() {
        assertThat(filter.pass("HC1:A", 0)).isTrue();
        assertThat(filter.pass("HC1:A", SECOND)).isFalse();
        assertThat(filter.pass("HC1:A", 3 * SECOND - 1)).isFalse();
        assertThat(filter.pass("HC1:A", 3 * SECOND)).isTrue();
        assertThat(filter.pass("HC1:A", 4 * SECOND)).isFalse();
    }

    @Test
    void reportsADifferentCodeAtOnce() {
        assertThat(filter.pass("PG1:first", 0)).isTrue();
        assertThat(filter.pass("PG1:second", 1)).isTrue();
        assertThat(filter.pass("PG1:first", 2)).isFalse();
    }

    @Test
    void forgetsTheOldestCodeBeyondItsBound() {
        for (int i = 0; i <= RepeatFilter.MAX_REMEMBERED; i++) {
            assertThat(filter.pass("code-" + i, i)).isTrue();
        }

        assertThat(filter.pass("code-0", 100)).isTrue();
        assertThat(filter.pass("code-" + RepeatFilter.MAX_REMEMBERED, 101)).isFalse();
    }
}
