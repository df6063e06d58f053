package dev.passgate.hal.audio;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.hal.SoundClip;
import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import org.junit.jupiter.api.Test;

/** The javax.sound speaker against a fake mixer: what reaches the line, replacement, and a missing device. */
class SampledSpeakerTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final ClipPack pack = load();
    private final List<FakeLine> lines = new CopyOnWriteArrayList<>();

    @Test
    void writesTheWholeClipInItsOwnFormatAndDrainsIt() throws Exception {
        try (SampledSpeaker speaker = new SampledSpeaker(pack, format -> opened(format, Integer.MAX_VALUE))) {
            speaker.play(SoundClip.VALID);

            assertThat(speaker.awaitIdle(WAIT)).isTrue();
            Pcm valid = pack.clip(SoundClip.VALID);
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0).getFormat().matches(valid.format())).isTrue();
            assertThat(lines.get(0).bytes()).isEqualTo(valid.frames());
            assertThat(lines.get(0).calls()).last().isEqualTo("drain");
            assertThat(speaker.health()).isEqualTo("OK");
        }
    }

    @Test
    void aNewClipCutsOffTheOnePlaying() throws Exception {
        try (SampledSpeaker speaker = new SampledSpeaker(pack, format -> opened(format, 1))) {
            // given the valid clip playing, held after its first chunk
            speaker.play(SoundClip.VALID);
            awaitLine();
            FakeLine line = lines.get(0);

            // when the chime is asked for, and the line lets writes through again
            speaker.play(SoundClip.EXPIRED);
            line.writes.release(Integer.MAX_VALUE / 2);

            // then what was queued is flushed and the chime follows whole
            assertThat(speaker.awaitIdle(WAIT)).isTrue();
            List<String> calls = line.calls();
            assertThat(calls).contains("flush").last().isEqualTo("drain");
            Pcm chime = pack.clip(SoundClip.EXPIRED);
            byte[] all = line.bytes();
            assertThat(all.length).isLessThan(pack.clip(SoundClip.VALID).frames().length + chime.frames().length);
            byte[] tail = Arrays.copyOfRange(all, all.length - chime.frames().length, all.length);
            assertThat(tail).isEqualTo(chime.frames());
        }
    }

    @Test
    void aMissingAudioDeviceIsADegradedStateAndADeviceThatAppearsIsUsed() throws Exception {
        AtomicBoolean plugged = new AtomicBoolean(false);
        try (SampledSpeaker speaker = new SampledSpeaker(pack, format -> {
            if (!plugged.get()) {
                throw new LineUnavailableException("no sound card");
            }
            return opened(format, Integer.MAX_VALUE);
        })) {
            speaker.play(SoundClip.VALID);
            assertThat(speaker.awaitIdle(WAIT)).isTrue();
            assertThat(speaker.health()).isEqualTo("NO_AUDIO_DEVICE: no sound card");

            plugged.set(true);
            speaker.play(SoundClip.INVALID);

            assertThat(speaker.awaitIdle(WAIT)).isTrue();
            assertThat(speaker.health()).isEqualTo("OK");
            assertThat(lines.get(0).bytes()).isEqualTo(pack.clip(SoundClip.INVALID).frames());
        }
    }

    @Test
    void theSystemMixerWithoutASoundCardIsAlsoOnlyADegradedState() throws Exception {
        try (SampledSpeaker speaker = new SampledSpeaker(pack, LineOpener.mixer("no-such-card-here"))) {
            speaker.play(SoundClip.VALID);

            assertThat(speaker.awaitIdle(WAIT)).isTrue();
            assertThat(speaker.health()).startsWith("NO_AUDIO_DEVICE: no audio device named like");
        }
    }

    @Test
    void closeReleasesTheLineAndLaterClipsAreIgnored() throws Exception {
        SampledSpeaker speaker = new SampledSpeaker(pack, format -> opened(format, Integer.MAX_VALUE));
        speaker.play(SoundClip.CHECK_ID);
        assertThat(speaker.awaitIdle(WAIT)).isTrue();

        speaker.close();
        speaker.play(SoundClip.VALID);

        assertThat(lines.get(0).calls()).last().isEqualTo("close");
        assertThat(speaker.health()).isEqualTo("CLOSED");
    }

    private FakeLine opened(AudioFormat format, int permits) {
        FakeLine line = new FakeLine(format, permits);
        lines.add(line);
        return line;
    }

    private void awaitLine() throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (lines.isEmpty() || lines.get(0).calls().isEmpty()) {
            assertThat(System.nanoTime()).as("first write within " + WAIT).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    private static ClipPack load() {
        try {
            return ClipPack.load("ko", Map.of());
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
