package dev.passgate.daemon.scan;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.camera.PhoneFrames;
import dev.passgate.daemon.testing.PassTexts;
import dev.passgate.hal.Frame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CameraDecoderTest {
    private static final String PASS = PassTexts.HC1;
    private static final int W = 640;
    private static final int H = 480;

    private static Frame frame(PhoneFrames.Scene scene) {
        return new Frame(W, H, PhoneFrames.render(scene, PASS, W, H), 0, 1);
    }

    @Test
    void readsAPhoneHeldInViewWithOneAttemptOnTheFrameBuffer() {
        CameraDecoder decoder = new CameraDecoder();

        CameraDecoder.Reading reading = decoder.read(frame(new PhoneFrames.Scene("near", 0.75, 10, 0, 0, 3, 1)));

        assertThat(reading).isEqualTo(new CameraDecoder.Reading(Optional.of(PASS), Optional.of("fast"), 1));
    }

    @Test
    void aCodeShownAfterEmptyFramesIsAnsweredByZxingWhileBoofCvRunsBesideIt() {
        // given a decoder that has seen frames without a code, so that BoofCV is due and starts beside ZXing on the
        // next frame
        CameraDecoder decoder = new CameraDecoder();
        Frame empty = frame(new PhoneFrames.Scene("empty", 0, 0, 0, 0, 3, 2));
        for (int i = 0; i < CameraDecoder.BOOFCV_EVERY; i++) {
            decoder.read(empty);
        }

        // when a phone comes into view
        CameraDecoder.Reading reading = decoder.read(frame(new PhoneFrames.Scene("near", 0.75, 10, 0, 0, 3, 1)));

        // then ZXing's fast rung answers it, with no further rung tried
        assertThat(reading).isEqualTo(new CameraDecoder.Reading(Optional.of(PASS), Optional.of("fast"), 1));
    }

    @Test
    void anEmptyFrameCostsAZxingAttemptAndOneInFourABoofCvAttemptAndOneInThreeASweepAttempt() {
        // BoofCV waited for as long as it takes, so that a slow machine cannot leave it busy on a later due frame
        CameraDecoder decoder = new CameraDecoder(true, 60_000);
        Frame empty = frame(new PhoneFrames.Scene("empty", 0, 0, 0, 0, 3, 2));

        List<Integer> tried = new ArrayList<>();
        for (int i = 0; i < 4 * CameraDecoder.SWEEP_EVERY; i++) {
            CameraDecoder.Reading reading = decoder.read(empty);
            assertThat(reading.text()).isEmpty();
            tried.add(reading.tried());
        }

        // BoofCV on frames 1, 5 and 9, a sweep rung on frames 3, 6, 9 and 12
        assertThat(CameraDecoder.BOOFCV_EVERY).isEqualTo(4);
        assertThat(tried).containsExactly(2, 1, 2, 1, 2, 2, 1, 1, 3, 1, 1, 2);
        assertThat(CameraDecoder.rungs()).containsExactly("fast", "harder", "boofcv", "sweep-harder",
                "sweep-histogram", "sweep-half", "sweep-inverted");
    }

    @Test
    void readsADarkModeScreenWithinTwelveFrames() {
        // given a phone in dark mode: light modules on a dark screen
        byte[] luma = PhoneFrames.render(new PhoneFrames.Scene("dark", 0.6, 0, 0, 0, 3, 3), PASS, W, H);
        for (int i = 0; i < luma.length; i++) {
            luma[i] = (byte) (255 - (luma[i] & 0xff));
        }
        Frame dark = new Frame(W, H, luma, 0, 1);
        CameraDecoder decoder = new CameraDecoder();

        // when it is held in view for twelve frames
        Optional<String> rung = Optional.empty();
        for (int i = 0; i < 12 && rung.isEmpty(); i++) {
            CameraDecoder.Reading reading = decoder.read(dark);
            reading.text().ifPresent(text -> assertThat(text).isEqualTo(PASS));
            rung = reading.rung();
        }

        // then BoofCV read it on its inverted turn (its second one, the fifth frame; later if a loaded machine held
        // it past its deadline), or else ZXing's inverted sweep did
        assertThat(rung).hasValueSatisfying(name -> assertThat(name).isIn("boofcv", "sweep-inverted"));
    }
}
