package dev.passgate.hal.wedge;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The two sizes of struct input_event and how the reader picks one. */
class EventLayoutTest {
    @Test
    void sixtyFourBitEventsAreTwentyFourBytesAndThirtyTwoBitOnesSixteen() {
        InputEvent event = new InputEvent(1_650_000_000L, 123_456, InputEvent.EV_KEY, 30, 1);

        byte[] wide = EventLayout.BITS_64.encode(event);
        byte[] narrow = EventLayout.BITS_32.encode(event);

        assertThat(wide).hasSize(24);
        assertThat(narrow).hasSize(16);
        assertThat(EventLayout.BITS_64.decode(wide, 0)).isEqualTo(event);
        assertThat(EventLayout.BITS_32.decode(narrow, 0)).isEqualTo(event);
        assertThat(wide[16]).as("type at offset 16, little-endian").isEqualTo((byte) 1);
        assertThat(narrow[8]).as("type at offset 8").isEqualTo((byte) 1);
        assertThat(narrow[10]).as("code at offset 10").isEqualTo((byte) 30);
    }

    @Test
    void autoFollowsTheJvmDataModelAndFallsBackToTheArchitectureName() {
        assertThat(EventLayout.of("32", "aarch64")).as("32-bit JVM on a 64-bit kernel: compat layout")
                .isEqualTo(EventLayout.BITS_32);
        assertThat(EventLayout.of("64", "arm")).isEqualTo(EventLayout.BITS_64);
        assertThat(EventLayout.of(null, "aarch64")).isEqualTo(EventLayout.BITS_64);
        assertThat(EventLayout.of(null, "arm")).isEqualTo(EventLayout.BITS_32);
        assertThat(EventLayout.auto()).isEqualTo(EventLayout.BITS_64);
    }

    @Test
    void grabRequestNumberIsIowOfCharacterEAndNinetyHex() {
        assertThat(Libc.EVIOCGRAB).isEqualTo(0x40044590L);
    }
}
