package dev.passgate.daemon.scan;

import boofcv.abst.fiducial.QrCodeDetector;
import boofcv.alg.fiducial.qrcode.QrCode;
import boofcv.factory.fiducial.ConfigQrCode;
import boofcv.factory.fiducial.FactoryFiducial;
import boofcv.struct.image.GrayU8;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * BoofCV's QR reader, the second detector beside ZXing: it finds finder patterns as polygons (contours), fits the
 * grid through a homography and samples each module, so it reads low-resolution and perspective-distorted codes
 * that ZXing's row scans miss (and misses some that ZXing reads).
 *
 * <p>Work is bounded two ways. Images larger than {@value #MAX_PIXELS} pixels are box-filtered down first (its
 * cost grows with the pixels). And each call runs on this reader's own worker thread and is waited for at most
 * its deadline: a call that has not finished by then answers {@link Status#TIMED_OUT}, and until that runaway
 * computation ends (BoofCV cannot be interrupted) further calls answer {@link Status#BUSY} at once instead of
 * queueing. So no caller waits longer than its deadline and at most one BoofCV computation per reader runs.
 * Every outcome, including a failure inside BoofCV, is a value; nothing is logged.
 *
 * <p>Not thread-safe: one reader per decoding thread. {@link #close} ends the worker.
 */
public final class BoofQr implements AutoCloseable {
    /** The largest image BoofCV sees at full size; larger ones are halved until they fit. */
    static final long MAX_PIXELS = 4_000_000L;

    /** How a call ended. {@code sawCode}: BoofCV found finder patterns it could not decode. */
    public enum Status { READ, NOTHING, SAW_CODE, TIMED_OUT, BUSY, FAILED }

    /** One call's outcome: the text when read. */
    public record Result(Status status, Optional<String> text) {
        static Result of(Status status) {
            return new Result(status, Optional.empty());
        }
    }

    private final QrCodeDetector<GrayU8> detector;
    private final ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "passgate-boofcv-qr");
        thread.setDaemon(true);
        return thread;
    });
    private Future<Result> running;

    public BoofQr() {
        ConfigQrCode config = new ConfigQrCode();
        config.defaultEncoding = "ISO-8859-1";
        this.detector = FactoryFiducial.qrcode(config, GrayU8.class);
    }

    /**
     * Looks for a QR code in {@code width x height} gray pixels (row-major, copied before this returns, so the
     * caller may reuse the array), waiting at most {@code deadlineNanos} for the answer.
     */
    public Result read(byte[] pixels, int width, int height, long deadlineNanos) {
        if (running != null && !running.isDone()) {
            return Result.of(Status.BUSY);
        }
        GrayU8 image = copy(pixels, width, height);
        running = worker.submit(() -> detect(image));
        try {
            return running.get(Math.max(0, deadlineNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return Result.of(Status.TIMED_OUT);
        } catch (ExecutionException e) {
            return Result.of(Status.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.of(Status.TIMED_OUT);
        }
    }

    /** The same as {@link #read}, on this thread and without a deadline: for measurements of BoofCV alone. */
    public Result readNow(byte[] pixels, int width, int height) {
        return detect(copy(pixels, width, height));
    }

    private Result detect(GrayU8 image) {
        try {
            detector.process(image);
            for (QrCode code : detector.getDetections()) {
                if (code.message != null && !code.message.isEmpty()) {
                    return new Result(Status.READ, Optional.of(code.message));
                }
            }
            return Result.of(detector.getFailures().isEmpty() ? Status.NOTHING : Status.SAW_CODE);
        } catch (RuntimeException e) {
            return Result.of(Status.FAILED);
        }
    }

    /** The pixels as BoofCV's image, box-filtered down by 2 until at most {@value #MAX_PIXELS} pixels. */
    static GrayU8 copy(byte[] pixels, int width, int height) {
        GrayImage gray = new GrayImage(width, height, pixels);
        while ((long) gray.width() * gray.height() > MAX_PIXELS) {
            gray = gray.downscaled(2);
        }
        GrayU8 image = new GrayU8(gray.width(), gray.height());
        System.arraycopy(gray.pixels(), 0, image.data, 0, gray.width() * gray.height());
        return image;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
