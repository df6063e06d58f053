package dev.passgate.hal.wedge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Key events to characters on a US layout: Shift, Caps Lock, keypad, repeats and control keys. */
class KeyDecoderTest {
    private static final int KEY_A = 30;
    private static final int KEY_1 = 2;
    private static final int KEY_KP1 = 79;

    private final KeyDecoder decoder = new KeyDecoder();

    @Test
    void shiftGivesUpperCaseAndSymbolsAndEndsWithItsRelease() {
        assertThat(typed(press(42), press(KEY_A), release(KEY_A), press(KEY_1), release(42), press(KEY_1)))
                .isEqualTo("A!1");
    }

    @Test
    void capsLockTogglesLettersOnlyAndShiftInvertsIt() {
        assertThat(typed(press(58), release(58), press(KEY_A), press(KEY_1), press(54), press(KEY_A),
                release(54), press(58), press(KEY_A))).isEqualTo("A1aa");
    }

    @Test
    void keypadGivesDigitsAndEnterAndTabAreTerminators() {
        assertThat(decoder.decode(press(KEY_KP1))).isEqualTo('1');
        assertThat(decoder.decode(press(96))).isEqualTo(KeyDecoder.ENTER);
        assertThat(decoder.decode(press(28))).isEqualTo(KeyDecoder.ENTER);
        assertThat(decoder.decode(press(15))).isEqualTo(KeyDecoder.TAB);
    }

    @Test
    void ignoresRepeatsReleasesOtherEventTypesAndKeysWithoutCharacters() {
        assertThat(typed(new InputEvent(0, 0, InputEvent.EV_KEY, KEY_A, InputEvent.REPEAT), release(KEY_A),
                new InputEvent(0, 0, InputEvent.EV_MSC, 4, 0x70004), press(59), press(125))).isEmpty();
    }

    @Test
    void givesNoCharacterWhileCtrlOrAltIsHeld() {
        assertThat(typed(press(29), press(KEY_A), press(56), release(29), press(KEY_A), release(56),
                press(KEY_A))).isEqualTo("a");
    }

    private String typed(InputEvent... events) {
        List<Character> out = new ArrayList<>();
        for (InputEvent event : events) {
            int key = decoder.decode(event);
            if (key >= 0) {
                out.add((char) key);
            }
        }
        StringBuilder text = new StringBuilder();
        out.forEach(text::append);
        return text.toString();
    }

    private static InputEvent press(int code) {
        return new InputEvent(0, 0, InputEvent.EV_KEY, code, InputEvent.PRESS);
    }

    private static InputEvent release(int code) {
        return new InputEvent(0, 0, InputEvent.EV_KEY, code, InputEvent.RELEASE);
    }
}
