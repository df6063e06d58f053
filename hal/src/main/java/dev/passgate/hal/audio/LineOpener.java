package dev.passgate.hal.audio;

import java.util.Locale;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.SourceDataLine;

/**
 * Where a {@link SampledSpeaker} gets its output line: the seam through which tests put a fake mixer in place of
 * the sound card. {@link #mixer} is the real one.
 */
@FunctionalInterface
public interface LineOpener {
    /** An opened and started line for the format; a missing device is a {@link LineUnavailableException}. */
    SourceDataLine open(AudioFormat format) throws LineUnavailableException;

    /**
     * The sound card through {@code javax.sound.sampled} (ALSA on Linux): the first mixer whose name or description
     * contains {@code nameFragment} (any case) and has an output line for the format, or the system default when
     * the fragment is empty.
     */
    static LineOpener mixer(String nameFragment) {
        return format -> {
            DataLine.Info wanted = new DataLine.Info(SourceDataLine.class, format);
            SourceDataLine line = null;
            if (nameFragment.isEmpty()) {
                line = (SourceDataLine) AudioSystem.getLine(wanted);
            } else {
                String fragment = nameFragment.toLowerCase(Locale.ROOT);
                for (Mixer.Info info : AudioSystem.getMixerInfo()) {
                    String label = (info.getName() + " " + info.getDescription()).toLowerCase(Locale.ROOT);
                    Mixer mixer = AudioSystem.getMixer(info);
                    if (label.contains(fragment) && mixer.isLineSupported(wanted)) {
                        line = (SourceDataLine) mixer.getLine(wanted);
                        break;
                    }
                }
            }
            if (line == null) {
                throw new LineUnavailableException("no audio device named like \"" + nameFragment + "\"");
            }
            line.open(format);
            line.start();
            return line;
        };
    }
}
