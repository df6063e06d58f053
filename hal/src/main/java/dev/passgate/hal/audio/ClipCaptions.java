package dev.passgate.hal.audio;

import dev.passgate.hal.SoundClip;
import java.nio.file.Path;
import java.util.Map;

/**
 * What each built-in clip says, for consoles that show the speaker instead of playing it (the demo,
 * {@code passgate test-io --fake}): {@code ko/valid.wav "접종완료자입니다"}, {@code chime "딩동"}. The texts are those
 * of the clip pack's NOTICE, which {@code hal/src/clips/make-clips.sh} speaks; a clip replaced by a file of the
 * user's is shown by its path, since passgate does not know what it says.
 */
public final class ClipCaptions {
    private static final Map<SoundClip, String> KO = Map.of(
            SoundClip.VALID, "접종완료자입니다",
            SoundClip.NOT_YET_VALID, "아직 유효하지 않은 증명서입니다",
            SoundClip.INVALID, "유효하지 않은 증명서입니다",
            SoundClip.STALE, "화면을 새로고침한 뒤 다시 찍어 주세요",
            SoundClip.CHECK_ID, "신분증을 확인해 주세요",
            SoundClip.SEE_STAFF, "직원에게 문의해 주세요",
            SoundClip.EXPIRED, "딩동");
    private static final Map<SoundClip, String> EN = Map.of(
            SoundClip.VALID, "Fully vaccinated. Welcome.",
            SoundClip.NOT_YET_VALID, "This pass is not valid yet.",
            SoundClip.INVALID, "This pass is not valid.",
            SoundClip.STALE, "Please refresh your code and scan again.",
            SoundClip.CHECK_ID, "Please show your ID.",
            SoundClip.SEE_STAFF, "Please see a staff member.",
            SoundClip.EXPIRED, "ding-dong");

    private ClipCaptions() {
    }

    /** The clip as a console shows it: its file and what it says, or {@code none} for {@link SoundClip#NONE}. */
    public static String caption(String language, SoundClip clip, Map<SoundClip, Path> files) {
        if (clip == SoundClip.NONE) {
            return "none";
        }
        Path file = files.get(clip);
        if (file != null) {
            return file.toString();
        }
        String text = ("en".equals(language) ? EN : KO).get(clip);
        String name = clip == SoundClip.EXPIRED ? "chime" : language + "/" + clip.key() + ".wav";
        return name + " \"" + text + "\"";
    }
}
