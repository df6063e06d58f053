package dev.passgate.hal.audio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.hal.SoundClip;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.sound.sampled.AudioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The built-in clip files: format, length, and replacement by files named in the configuration. */
class ClipPackTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {"ko", "en"})
    void everyBuiltInClipIsShortSixteenKilohertzMonoSixteenBitPcm(String language) throws IOException {
        ClipPack pack = ClipPack.load(language, Map.of());

        for (SoundClip clip : SoundClip.values()) {
            if (clip == SoundClip.NONE) {
                continue;
            }
            Pcm pcm = pack.clip(clip);
            AudioFormat format = pcm.format();
            assertThat(format.getEncoding()).as(clip.key()).isEqualTo(AudioFormat.Encoding.PCM_SIGNED);
            assertThat(format.getSampleRate()).as(clip.key()).isEqualTo(16_000f);
            assertThat(format.getChannels()).as(clip.key()).isEqualTo(1);
            assertThat(format.getSampleSizeInBits()).as(clip.key()).isEqualTo(16);
            assertThat(format.isBigEndian()).as(clip.key()).isFalse();
            assertThat(pcm.seconds()).as(clip.key() + " length in seconds").isBetween(0.5, 4.5);
            assertThat(peak(pcm)).as(clip.key() + " is not silent").isGreaterThan(8000);
        }
    }

    @Test
    void theExpiredChimeIsTheSameInBothLanguagesAndTheVoicesDiffer() throws IOException {
        ClipPack ko = ClipPack.load("ko", Map.of());
        ClipPack en = ClipPack.load("en", Map.of());

        assertThat(ko.clip(SoundClip.EXPIRED).frames()).isEqualTo(en.clip(SoundClip.EXPIRED).frames());
        assertThat(ko.clip(SoundClip.VALID).frames()).isNotEqualTo(en.clip(SoundClip.VALID).frames());
    }

    @Test
    void aFileNamedInTheConfigurationReplacesOneClip() throws IOException {
        Path file = dir.resolve("welcome.wav");
        try (var in = ClipPack.class.getResourceAsStream(ClipPack.resource("en", SoundClip.VALID))) {
            Files.write(file, in.readAllBytes());
        }

        ClipPack pack = ClipPack.load("ko", Map.of(SoundClip.VALID, file));

        assertThat(pack.clip(SoundClip.VALID).frames())
                .isEqualTo(ClipPack.load("en", Map.of()).clip(SoundClip.VALID).frames());
    }

    @Test
    void refusesAFileThatIsNotAWav() throws IOException {
        Path file = Files.writeString(dir.resolve("notes.wav"), "not audio");

        assertThatThrownBy(() -> ClipPack.load("en", Map.of(SoundClip.STALE, file)))
                .isInstanceOf(IOException.class).hasMessageContaining("notes.wav is not a WAV file");
    }

    private static int peak(Pcm pcm) {
        byte[] b = pcm.frames();
        int peak = 0;
        for (int i = 0; i + 1 < b.length; i += 2) {
            peak = Math.max(peak, Math.abs((short) ((b[i] & 0xFF) | (b[i + 1] << 8))));
        }
        return peak;
    }
}
