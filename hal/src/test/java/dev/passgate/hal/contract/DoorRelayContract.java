package dev.passgate.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.hal.DoorRelay;
import dev.passgate.hal.ManualDelays;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link DoorRelay} contract, written once, with time moved by hand through {@link ManualDelays} and a
 * maximum on-time of {@link #MAX_ON}. Each implementation's test supplies the relay and a way to see whether the
 * coil is energised now.
 */
public abstract class DoorRelayContract {
    protected static final Duration MAX_ON = Duration.ofSeconds(5);

    protected final ManualDelays delays = new ManualDelays();
    private DoorRelay relay;

    protected abstract DoorRelay create(ManualDelays delays, Duration maxOn);

    /** Whether the relay is energised now, read from its physical side. */
    protected abstract boolean energised();

    @BeforeEach
    void createRelay() {
        relay = create(delays, MAX_ON);
    }

    @AfterEach
    void closeRelay() {
        relay.close();
    }

    @Test
    void isReleasedRightAfterConstruction() {
        assertThat(energised()).isFalse();
    }

    @Test
    void pulseEnergisesThenReleasesAfterItsDuration() {
        relay.pulse(Duration.ofSeconds(3));
        assertThat(energised()).isTrue();

        advanceMillis(2999);
        assertThat(energised()).isTrue();

        advanceMillis(1);
        assertThat(energised()).isFalse();
    }

    @Test
    void pulseLongerThanTheMaximumIsCappedAtTheMaximum() {
        relay.pulse(Duration.ofMinutes(10));

        advanceMillis(MAX_ON.toMillis() - 1);
        assertThat(energised()).isTrue();

        advanceMillis(1);
        assertThat(energised()).isFalse();
    }

    @Test
    void pulseDuringAPulseRestartsTheReleaseTimer() {
        relay.pulse(Duration.ofSeconds(3));
        advanceMillis(2000);

        relay.pulse(Duration.ofSeconds(3));

        advanceMillis(2999);
        assertThat(energised()).isTrue();
        advanceMillis(1);
        assertThat(energised()).isFalse();
        assertThat(delays.pendingCount()).isZero();
    }

    @Test
    void pulseOfZeroDoesNothing() {
        relay.pulse(Duration.ZERO);

        assertThat(energised()).isFalse();
        assertThat(delays.pendingCount()).isZero();
    }

    @Test
    void negativePulseIsRejectedAndChangesNothing() {
        assertThatThrownBy(() -> relay.pulse(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT-0.001S");
        assertThat(energised()).isFalse();
    }

    @Test
    void closeReleasesAtOnceAndIgnoresLaterPulses() {
        relay.pulse(Duration.ofSeconds(3));

        relay.close();
        assertThat(energised()).isFalse();

        relay.pulse(Duration.ofSeconds(3));
        relay.close();
        assertThat(energised()).isFalse();
        advanceMillis(10_000);
        assertThat(energised()).isFalse();
    }

    protected final void advanceMillis(long millis) {
        delays.advance(Duration.ofMillis(millis));
    }
}
