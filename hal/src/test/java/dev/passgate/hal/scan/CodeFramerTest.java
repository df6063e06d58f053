package dev.passgate.hal.scan;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.passgate.hal.ScannedCode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CodeFramerTest {
    private final List<ScannedCode> codes = new ArrayList<>();
    private long clock;

    @Test
    void lfFramingEndsAtLfDropsTheCrBeforeItAndKeepsALoneCr() {
        CodeFramer framer = framer(Framing.LF, 100);

        feed(framer, "a\nb\r\nc\rd\n\n\r\n");

        assertThat(texts()).containsExactly("a", "b", "c\rd");
    }

    @Test
    void crFramingToleratesReadersThatSendCrLfWithoutEmptyCodes() {
        CodeFramer framer = framer(Framing.CR, 100);

        feed(framer, "one\rtwo\r\nthree\r\r\n");

        assertThat(texts()).containsExactly("one", "two", "three");
    }

    @Test
    void crLfFramingEndsOnlyAtTheFullPairSoLoneCrAndLfArePartOfTheCode() {
        CodeFramer framer = framer(Framing.CRLF, 100);

        feed(framer, "a\nb\r\nc\rd\r\n\r\nx\r\r\n");

        assertThat(texts()).containsExactly("a\nb", "c\rd", "x\r");
    }

    @Test
    void idleFramingKeepsEveryCharacterUntilTheOwnerEndsTheCode() {
        CodeFramer framer = framer(Framing.IDLE, 100);
        feed(framer, "ab\ncd\r");
        assertThat(codes).isEmpty();
        assertThat(framer.pending()).isTrue();

        framer.endCode();
        framer.endCode();

        assertThat(texts()).containsExactly("ab\ncd\r");
        assertThat(framer.pending()).isFalse();
    }

    @Test
    void overLongCodeIsDeliveredOnceCutToTheLimitAndTheRestIsDropped() {
        CodeFramer framer = framer(Framing.LF, 5);

        feed(framer, "abcdefghij\nxyz\n");

        assertThat(codes).extracting(ScannedCode::text, ScannedCode::overLength)
                .containsExactly(tuple("abcde", true),
                        tuple("xyz", false));
    }

    @Test
    void codeOfExactlyTheLimitIsNotOverLongEvenWithACrBeforeTheLf() {
        CodeFramer framer = framer(Framing.LF, 5);

        feed(framer, "abcde\nvwxyz\r\n");

        assertThat(codes).extracting(ScannedCode::overLength).containsExactly(false, false);
        assertThat(texts()).containsExactly("abcde", "vwxyz");
    }

    @Test
    void overLongIdleCodeIsCutAtOnceAndItsRestEndsAtTheNextQuietGap() {
        CodeFramer framer = framer(Framing.IDLE, 5);

        feed(framer, "abcdefg");
        assertThat(codes).hasSize(1);
        framer.endCode();
        feed(framer, "xy");
        framer.endCode();

        assertThat(codes).extracting(ScannedCode::text, ScannedCode::overLength)
                .containsExactly(tuple("abcde", true),
                        tuple("xy", false));
    }

    @Test
    void hostileEndlessLineYieldsOneCutCodeAndNothingMore() {
        CodeFramer framer = framer(Framing.LF, 64);

        for (int i = 0; i < 5_000_000; i++) {
            framer.accept('A', i);
        }

        assertThat(codes).hasSize(1);
        assertThat(codes.get(0).text()).hasSize(64);
        assertThat(codes.get(0).overLength()).isTrue();
        assertThat(framer.pending()).isTrue();
    }

    @Test
    void stampsTheTimeOfTheCharacterThatCompletedTheCode() {
        CodeFramer lf = framer(Framing.LF, 3);
        feed(lf, "ab\n");
        feed(lf, "wxyz\n");
        CodeFramer idle = framer(Framing.IDLE, 10);
        feed(idle, "pq");
        clock = 1_000;
        idle.endCode();

        // "ab\n": LF is the 3rd character (time 2); "wxyz": the overflowing 'z' is the 7th (time 6);
        // idle "pq": 'q' arrived at time 9 (after the LF at 7), the quiet gap was noticed later.
        assertThat(codes).extracting(ScannedCode::receivedNanos).containsExactly(2L, 6L, 9L);
        assertThat(codes).extracting(ScannedCode::source).containsOnly("test");
    }

    @Test
    void resetForgetsAnUnfinishedCode() {
        CodeFramer framer = framer(Framing.LF, 100);
        feed(framer, "half");

        framer.reset();
        feed(framer, "whole\n");

        assertThat(texts()).containsExactly("whole");
    }

    @Test
    void rejectsALengthLimitBelowOne() {
        assertThatThrownBy(() -> framer(Framing.LF, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("found 0");
    }

    private CodeFramer framer(Framing framing, int maxLength) {
        return new CodeFramer("test", framing, maxLength, codes::add);
    }

    private void feed(CodeFramer framer, String input) {
        for (char c : input.toCharArray()) {
            framer.accept(c, clock++);
        }
    }

    private List<String> texts() {
        return codes.stream().map(ScannedCode::text).toList();
    }
}
