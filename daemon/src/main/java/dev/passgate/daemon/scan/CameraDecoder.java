package dev.passgate.daemon.scan;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.passgate.hal.Frame;
import dev.passgate.hal.camera.FrameDecoder;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The QR decoder for camera frames, built for the common case: most frames hold no code, so a frame must fail
 * fast, and a code held in view is seen again in the next frame, so a hard frame may be left to the next one.
 * The frame's luminance buffer goes to ZXing as it is ({@link PlanarYUVLuminanceSource} over the array, no copy);
 * one local-threshold binarization per frame is shared by the rungs:
 * <ol>
 *   <li>{@code fast}: default hints (ZXing scans every few rows for finder patterns). Reads nearly every code that
 *       is in focus and not tiny.</li>
 *   <li>{@code harder}: TRY_HARDER (every row), only when {@code fast} found finder patterns but could not read
 *       the code (a checksum or format failure), which is a strong sign that a code is there.</li>
 *   <li>{@code sweep}: on every {@value #SWEEP_EVERY}th frame in which {@code fast} found nothing, one extra rung
 *       in turn: TRY_HARDER, then the inverted image (light modules on dark, as phones in dark mode show them). A
 *       code the fast scan misses is then still read within a few frames, at a quarter of the cost of trying both
 *       on every frame.</li>
 * </ol>
 * Measured against other ladders (half-size frames, ZXing's still-image ladder {@link QrDecoder}) and zbarimg in
 * {@code docs/performance-camera.md}: at the default 1280x720, halving the frame loses the dense HC1 codes held
 * at arm's length, so frames are decoded at full size.
 *
 * <p>Not thread-safe: it counts frames for the sweep; use one per camera thread. Stateless otherwise: it keeps no
 * pixels between calls.
 */
public final class CameraDecoder implements FrameDecoder {
    /** One frame in this many that found nothing gets the next sweep rung. */
    static final int SWEEP_EVERY = 4;

    /** What one frame cost: the text if read, the rung that read it, and how many rungs ran. */
    public record Reading(Optional<String> text, Optional<String> rung, int tried) {
    }

    private static final Map<DecodeHintType, Object> FAST = hints(false);
    private static final Map<DecodeHintType, Object> HARDER = hints(true);

    private final QRCodeReader reader = new QRCodeReader();
    private long emptyFrames;

    @Override
    public Optional<String> decode(Frame frame) {
        return read(frame).text();
    }

    /** Decodes one frame and says which rung read it; for benchmarks and tests. */
    public Reading read(Frame frame) {
        LuminanceSource source = new PlanarYUVLuminanceSource(frame.luma(), frame.width(), frame.height(), 0, 0,
                frame.width(), frame.height(), false);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(source));
        Attempt fast = attempt(bitmap, FAST);
        if (fast.text != null) {
            return found(fast.text, "fast", 1);
        }
        if (fast.sawCode) {
            Attempt harder = attempt(bitmap, HARDER);
            return harder.text != null ? found(harder.text, "harder", 2) : nothing(2);
        }
        emptyFrames++;
        if (emptyFrames % SWEEP_EVERY != 0) {
            return nothing(1);
        }
        if ((emptyFrames / SWEEP_EVERY) % 2 == 1) {
            Attempt harder = attempt(bitmap, HARDER);
            return harder.text != null ? found(harder.text, "sweep-harder", 2) : nothing(2);
        }
        BinaryBitmap inverted = new BinaryBitmap(new HybridBinarizer(source.invert()));
        Attempt dark = attempt(inverted, HARDER);
        return dark.text != null ? found(dark.text, "sweep-inverted", 2) : nothing(2);
    }

    /** The rung names, for reports. */
    public static List<String> rungs() {
        return List.of("fast", "harder", "sweep-harder", "sweep-inverted");
    }

    private Attempt attempt(BinaryBitmap bitmap, Map<DecodeHintType, Object> hints) {
        try {
            return new Attempt(reader.decode(bitmap, hints).getText(), true);
        } catch (NotFoundException e) {
            return new Attempt(null, false);
        } catch (ReaderException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return new Attempt(null, true);
        } finally {
            reader.reset();
        }
    }

    private Reading found(String text, String rung, int tried) {
        emptyFrames = 0;
        return new Reading(Optional.of(text), Optional.of(rung), tried);
    }

    private static Reading nothing(int tried) {
        return new Reading(Optional.empty(), Optional.empty(), tried);
    }

    private static Map<DecodeHintType, Object> hints(boolean harder) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        hints.put(DecodeHintType.CHARACTER_SET, "ISO-8859-1");
        if (harder) {
            hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        }
        return Map.copyOf(hints);
    }

    private record Attempt(String text, boolean sawCode) {
    }
}
