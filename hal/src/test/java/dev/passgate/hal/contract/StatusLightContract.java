package dev.passgate.hal.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.LightColor;
import dev.passgate.hal.StatusLight;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The {@link StatusLight} contract, written once. Each implementation's test extends it with a way to build the
 * light and a way to see what it physically shows (pins, a fake's state, the console's last line).
 */
public abstract class StatusLightContract {
    private StatusLight light;

    protected abstract StatusLight create();

    /** What the device shows now, read from its physical side, not from the object under test. */
    protected abstract LightColor shown();

    @BeforeEach
    void createLight() {
        light = create();
    }

    @AfterEach
    void closeLight() {
        light.close();
    }

    @Test
    void isOffRightAfterConstruction() {
        assertThat(shown()).isEqualTo(LightColor.OFF);
    }

    @ParameterizedTest
    @EnumSource(LightColor.class)
    void showsEachColourUntilTheNextCall(LightColor color) {
        // given a light showing something else
        light.show(color == LightColor.RED ? LightColor.GREEN : LightColor.RED);

        // when
        light.show(color);

        // then
        assertThat(shown()).isEqualTo(color);
    }

    @Test
    void showingTheSameColourTwiceKeepsIt() {
        light.show(LightColor.AMBER);
        light.show(LightColor.AMBER);

        assertThat(shown()).isEqualTo(LightColor.AMBER);
    }

    @Test
    void closeLeavesTheLightOff() {
        light.show(LightColor.RED);

        light.close();

        assertThat(shown()).isEqualTo(LightColor.OFF);
    }

    @Test
    void ignoresShowAfterCloseAndToleratesASecondClose() {
        light.close();

        light.show(LightColor.GREEN);
        light.close();

        assertThat(shown()).isEqualTo(LightColor.OFF);
    }
}
