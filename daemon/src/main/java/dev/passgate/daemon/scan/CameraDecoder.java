package dev.passgate.daemon.scan;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.NotFoundException;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import dev.passgate.hal.Frame;
import dev.passgate.hal.camera.FrameDecoder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The QR decoder for camera frames, built for the common case: most frames hold no code, so a frame must fail
 * fast, and a code held in view is seen again in the next frame, so a hard frame may be left to the next one.
 * The frame's luminance buffer goes to ZXing as it is ({@link PlanarYUVLuminanceSource} over the array, no copy);
 * one local-threshold binarization per frame ({@link BlockBinarizer}: ZXing's, computed for C1) is shared by the
 * rungs:
 * <ol>
 *   <li>{@code fast}: default hints (ZXing scans every few rows for finder patterns). Reads nearly every code that
 *       is in focus and not tiny.</li>
 *   <li>{@code harder}: TRY_HARDER (every row), only when {@code fast} found finder patterns but could not read
 *       the code (a checksum or format failure), which is a strong sign that a code is there.</li>
 *   <li>{@code sweep}: on every {@value #SWEEP_EVERY}rd frame in which the rungs above read nothing, one extra rung
 *       in turn, each with TRY_HARDER: the same binarization; one global threshold (even light, fine detail); a 2:1
 *       box-filtered copy (averages away blur and noise; the only copy this decoder makes); the inverted image
 *       (light modules on dark, as phones in dark mode show them). A code held in view that the fast scan misses is
 *       so still tried every way within 12 frames (0.8 s at 15 fps), at a third of one rung's cost per frame
 *       instead of four rungs on every frame.</li>
 *   <li>{@code boofcv}: BoofCV's contour-based reader ({@link BoofQr}), which reads the small, perspective-distorted
 *       and blurred codes ZXing's row scans miss. It runs on one frame in {@value #BOOFCV_EVERY} at most, among the
 *       frames that ZXing read nothing in, in turn on the frame as it is and on the frame inverted (dark mode). Run
 *       on every such frame it took the CPU per 1280x720 frame from 5 to 14 ms with C1, above the kiosk's 10 ms
 *       budget; one frame in four, 8-10 ms, and 6-8 ms with {@link BlockBinarizer} (docs/performance-camera.md).
 *       A code held in view is still tried both ways within {@value #BOOFCV_EVERY} + 1 frames. When it is due after a
 *       frame ZXing read nothing in, it is started on its worker thread as the next frame arrives, beside ZXing's
 *       rungs, and its answer is taken only when they read nothing (so such a frame waits for the slower of the two,
 *       not for both in turn); after a frame ZXing read, it starts only once ZXing has failed. It is waited for at most
 *       {@value #BOOFCV_DEADLINE_MS} ms after ZXing's rungs; a frame it has not finished by then counts as
 *       read-nothing, the next frames skip BoofCV until that computation ends, and a text it then read is answered on
 *       the next frame it is due.</li>
 * </ol>
 * A frame ZXing reads is answered as soon as ZXing reads it: BoofCV never delays it. Its CPU cost on such a frame
 * is BoofCV's only on the first frame of a code after frames without one, when BoofCV is due on it.
 * Measured against other ladders (half-size frames, ZXing's still-image ladder {@link QrDecoder}) and zbarimg in
 * {@code docs/performance-camera.md}: at the default 1280x720, halving the frame loses the dense HC1 codes held
 * at arm's length, so frames are decoded at full size.
 *
 * <p>Not thread-safe: it counts frames for the sweep; use one per camera thread. Stateless otherwise: it keeps no
 * pixels between calls.
 */
public final class CameraDecoder implements FrameDecoder {
    /** One frame in this many that found nothing gets the next sweep rung. */
    static final int SWEEP_EVERY = 3;
    /** The sweep rungs, in turn; all TRY_HARDER. */
    static final List<String> SWEEP = List.of("sweep-harder", "sweep-histogram", "sweep-half", "sweep-inverted");
    static final long BOOFCV_DEADLINE_MS = 20;
    /** BoofCV is started on at most one frame in this many. */
    static final int BOOFCV_EVERY = 4;

    /** What one frame cost: the text if read, the rung that read it, and how many rungs ran. */
    public record Reading(Optional<String> text, Optional<String> rung, int tried) {
    }

    private static final Map<DecodeHintType, Object> FAST = hints(false);
    private static final Map<DecodeHintType, Object> HARDER = hints(true);

    private final QRCodeReader reader = new QRCodeReader();
    private final BoofQr boof = new BoofQr();
    private final boolean withBoofCv;
    private final long boofDeadlineNanos;
    private long emptyFrames;
    private long boofTurns;
    /** Frames since BoofCV was last started; it is due again at {@link #BOOFCV_EVERY}. */
    private int sinceBoofCv = BOOFCV_EVERY - 1;
    /**
     * ZXing read nothing in the previous frame (no code, or one only BoofCV reads): when BoofCV is due, it is then
     * started as the frame arrives, on its worker thread beside ZXing, so that a frame ZXing cannot read waits for
     * the slower of the two instead of both in turn. After a frame ZXing read, BoofCV runs only once ZXing has failed.
     */
    private boolean previousEmpty = true;

    /** The decoder the camera path uses: ZXing's rungs, then BoofCV. */
    public CameraDecoder() {
        this(true);
    }

    /** {@code withBoofCv} false: ZXing's rungs alone, as before BoofCV was added; for measurements. */
    CameraDecoder(boolean withBoofCv) {
        this(withBoofCv, BOOFCV_DEADLINE_MS);
    }

    /** With BoofCV waited for at most {@code boofDeadlineMs}; for tests that must not depend on the machine's speed. */
    CameraDecoder(boolean withBoofCv, long boofDeadlineMs) {
        this.withBoofCv = withBoofCv;
        this.boofDeadlineNanos = TimeUnit.MILLISECONDS.toNanos(boofDeadlineMs);
    }

    @Override
    public Optional<String> decode(Frame frame) {
        return read(frame).text();
    }

    /** Decodes one frame and says which rung read it; for benchmarks and tests. */
    public Reading read(Frame frame) {
        sinceBoofCv++;
        Optional<BoofQr.Result> boofNow = withBoofCv && previousEmpty && boofCvDue() ? Optional.of(startBoofCv(frame))
                : Optional.empty();
        LuminanceSource source = new PlanarYUVLuminanceSource(frame.luma(), frame.width(), frame.height(), 0, 0,
                frame.width(), frame.height(), false);
        BinaryBitmap bitmap = new BinaryBitmap(new BlockBinarizer(source));
        Attempt fast = attempt(bitmap, FAST);
        if (fast.text != null) {
            return found(fast.text, "fast", 1);
        }
        int tried = 1;
        if (fast.sawCode) {
            Attempt harder = attempt(bitmap, HARDER);
            if (harder.text != null) {
                return found(harder.text, "harder", 2);
            }
            tried++;
        }
        emptyFrames++;
        previousEmpty = true;
        if (withBoofCv && (boofNow.isPresent() || boofCvDue())) {
            tried++;
            BoofQr.Result result = boofNow.orElseGet(() -> startBoofCv(frame));
            if (result.status() == BoofQr.Status.STARTED) {
                result = boof.await(boofDeadlineNanos);
            }
            if (result.text().isPresent()) {
                return found(result.text().get(), "boofcv", tried);
            }
        }
        if (emptyFrames % SWEEP_EVERY != 0) {
            return nothing(tried);
        }
        int turn = (int) ((emptyFrames / SWEEP_EVERY - 1) % SWEEP.size());
        Attempt swept = attempt(sweepBitmap(turn, frame, source, bitmap), HARDER);
        return swept.text != null ? found(swept.text, SWEEP.get(turn), tried + 1) : nothing(tried + 1);
    }

    /**
     * Starts BoofCV on the frame, as it is and inverted in turn: {@link BoofQr.Status#STARTED} when it runs on its
     * worker, else the answer known at once.
     */
    private BoofQr.Result startBoofCv(Frame frame) {
        Optional<BoofQr.Result> now = boof.start(frame.luma(), frame.width(), frame.height(), boofTurns % 2 == 1);
        if (now.isPresent()) {
            return now.get();
        }
        boofTurns++;
        sinceBoofCv = 0;
        return BoofQr.Result.of(BoofQr.Status.STARTED);
    }

    private boolean boofCvDue() {
        return sinceBoofCv >= BOOFCV_EVERY;
    }

    private static BinaryBitmap sweepBitmap(int turn, Frame frame, LuminanceSource source, BinaryBitmap local) {
        return switch (turn) {
            case 0 -> local;
            case 1 -> new BinaryBitmap(new GlobalHistogramBinarizer(source));
            case 2 -> {
                GrayImage half = new GrayImage(frame.width(), frame.height(), frame.luma()).downscaled(2);
                yield new BinaryBitmap(new BlockBinarizer(new PlanarYUVLuminanceSource(half.pixels(), half.width(),
                        half.height(), 0, 0, half.width(), half.height(), false)));
            }
            default -> new BinaryBitmap(new BlockBinarizer(source.invert()));
        };
    }

    /** The rung names, for reports. */
    public static List<String> rungs() {
        List<String> rungs = new ArrayList<>(List.of("fast", "harder", "boofcv"));
        rungs.addAll(SWEEP);
        return List.copyOf(rungs);
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

    /** CPU time BoofCV's worker thread has spent for this decoder, for benchmarks (it is not the caller's). */
    public long boofCpuNanos() {
        return boof.cpuNanos();
    }

    private Reading found(String text, String rung, int tried) {
        emptyFrames = 0;
        previousEmpty = rung.equals("boofcv");
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
