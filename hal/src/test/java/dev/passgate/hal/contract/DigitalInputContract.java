package dev.passgate.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.DigitalInput;
import dev.passgate.hal.InputEdge;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The {@link DigitalInput} contract, written once. Each implementation's test supplies an input named
 * {@link #NAME} resting inactive, and a way to move the switch and let it settle (for a debounced input: change
 * the line's level, then let the debounce time pass).
 */
public abstract class DigitalInputContract {
    protected static final String NAME = "staff_button";

    private DigitalInput input;
    private final List<InputEdge> edges = new CopyOnWriteArrayList<>();

    protected abstract DigitalInput create();

    /** Moves the switch to the logical state and lets it settle. */
    protected abstract void drive(boolean active);

    @BeforeEach
    void createInput() {
        input = create();
    }

    @AfterEach
    void closeInput() {
        input.close();
    }

    @Test
    void restsInactiveAndReadyUnderItsRoleName() {
        assertThat(input.name()).isEqualTo(NAME);
        assertThat(input.active()).isFalse();
        assertThat(input.health()).isEqualTo("READY");
    }

    @Test
    void deliversEveryChangeInOrderAndFollowsItInActive() {
        input.listen(edges::add);

        drive(true);
        assertThat(input.active()).isTrue();
        drive(false);

        assertThat(input.active()).isFalse();
        assertThat(edges).extracting(InputEdge::input, InputEdge::active)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(NAME, true),
                        org.assertj.core.groups.Tuple.tuple(NAME, false));
        assertThat(edges.get(1).nanos()).isGreaterThanOrEqualTo(edges.get(0).nanos());
    }

    @Test
    void aStateItAlreadyHasIsNoChange() {
        input.listen(edges::add);

        drive(false);

        assertThat(edges).isEmpty();
    }

    @Test
    void aListenerAddedLaterGetsOnlyLaterChanges() {
        drive(true);
        input.listen(edges::add);

        drive(false);

        assertThat(edges).extracting(InputEdge::active).containsExactly(false);
    }

    @Test
    void everyListenerGetsEachChange() {
        List<InputEdge> other = new CopyOnWriteArrayList<>();
        input.listen(edges::add);
        input.listen(other::add);

        drive(true);

        assertThat(edges).hasSize(1);
        assertThat(other).isEqualTo(edges);
    }

    @Test
    void deliversNothingAfterCloseAndSaysSo() {
        input.listen(edges::add);

        input.close();
        drive(true);

        assertThat(edges).isEmpty();
        assertThat(input.health()).isEqualTo("CLOSED");
    }
}
