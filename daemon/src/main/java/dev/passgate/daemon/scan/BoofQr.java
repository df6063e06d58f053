package dev.passgate.daemon.scan;

import boofcv.abst.fiducial.QrCodeDetector;
import boofcv.alg.fiducial.qrcode.QrCode;
import boofcv.concurrency.BoofConcurrency;
import boofcv.factory.fiducial.ConfigQrCode;
import boofcv.factory.fiducial.FactoryFiducial;
import boofcv.struct.image.GrayU8;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BoofCV's QR reader, the second detector beside ZXing: it finds finder patterns as polygons (contours), fits the
 * grid through a homography and samples each module, so it reads low-resolution and perspective-distorted codes
 * that ZXing's row scans miss (and misses some that ZXing reads).
 *
 * <p>Work is bounded two ways. Images larger than {@value #MAX_PIXELS} pixels are box-filtered down first (its
 * cost grows with the pixels). And each call runs on this reader's own worker thread and is waited for at most
 * its deadline: a call that has not finished by then answers {@link Status#TIMED_OUT}, and until that runaway
 * computation ends (BoofCV cannot be interrupted) further calls answer {@link Status#BUSY} at once instead of
 * queueing; once it has ended, the next call answers with its text if it read one (a code held in view is still
 * there), else starts afresh. So no caller waits longer than its deadline, at most one BoofCV computation per
 * reader runs, and the work of a slow frame is not thrown away.
 * Every outcome, including a failure inside BoofCV, is a value; nothing is logged.
 *
 * <p>Not thread-safe: one reader per decoding thread. The worker thread ends after {@value #IDLE_SECONDS} s
 * without work; {@link #close} ends it at once.
 */
public final class BoofQr implements AutoCloseable {
    /** The largest image BoofCV sees at full size; larger ones are halved until they fit. */
    static final long MAX_PIXELS = 4_000_000L;
    /** Images up to this size (1920x1080) are read from one buffer reused from call to call. */
    static final long REUSE_PIXELS = 1920L * 1080;
    /** The worker thread ends after this long without work, and is started again on the next call. */
    private static final long IDLE_SECONDS = 10;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    static {
        // BoofCV spreads some steps (the local threshold) over a fork-join pool of one thread per core by default:
        // work outside this reader's worker thread, uncounted in cpuNanos, competing with ZXing for the cores, and
        // two more threads resident. The kiosk gives BoofCV its one worker thread instead.
        BoofConcurrency.USE_CONCURRENT = false;
        BoofBitTable.install();
    }

    /**
     * How a call ended. {@code SAW_CODE}: BoofCV found finder patterns but could not decode a code.
     * {@code STARTED}: never answered by this class; a caller of {@link #start} may use it for "now running".
     */
    public enum Status { READ, NOTHING, SAW_CODE, TIMED_OUT, BUSY, FAILED, STARTED }

    /** One call's outcome: the text when read. */
    public record Result(Status status, Optional<String> text) {
        public static Result of(Status status) {
            return new Result(status, Optional.empty());
        }
    }

    private final QrCodeDetector<GrayU8> detector;
    private final ThreadPoolExecutor worker = new ThreadPoolExecutor(1, 1, IDLE_SECONDS, TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "passgate-boofcv-qr");
                thread.setDaemon(true);
                return thread;
            });
    private Future<Result> running;
    private boolean abandoned;
    /** A computation {@link #start} began that {@link #await} has not collected. */
    private boolean pending;
    private final AtomicLong cpuNanos = new AtomicLong();
    /** The pixels BoofCV reads, reused from call to call: a call copies into it only when no computation runs. */
    private final GrayU8 input = new GrayU8(1, 1);

    public BoofQr() {
        ConfigQrCode config = new ConfigQrCode();
        config.defaultEncoding = "ISO-8859-1";
        this.detector = FactoryFiducial.qrcode(config, GrayU8.class);
        worker.allowCoreThreadTimeOut(true);
    }

    /**
     * Looks for a QR code in {@code width x height} gray pixels (row-major, copied before this returns, so the
     * caller may reuse the array), waiting at most {@code deadlineNanos} for the answer.
     */
    public Result read(byte[] pixels, int width, int height, long deadlineNanos) {
        return read(pixels, width, height, false, deadlineNanos);
    }

    /** As {@link #read}; {@code inverted} reads light modules on a dark ground (a phone in dark mode). */
    public Result read(byte[] pixels, int width, int height, boolean inverted, long deadlineNanos) {
        Optional<Result> now = start(pixels, width, height, inverted);
        return now.isPresent() ? now.get() : await(deadlineNanos);
    }

    /**
     * Starts reading the pixels on the worker thread and returns at once, so that the caller can work in the
     * meantime (the camera decoder runs ZXing): empty when a computation started, to be collected with
     * {@link #await} or left to run with its answer dropped (when the caller read the code another way); else the
     * answer known now: {@link Status#BUSY} while an earlier computation runs, or the text that a computation
     * abandoned at its deadline has read since. The pixels are copied before this returns.
     */
    public Optional<Result> start(byte[] pixels, int width, int height, boolean inverted) {
        pending = false;
        if (running != null && !running.isDone()) {
            return Optional.of(Result.of(Status.BUSY));
        }
        if (abandoned) {
            abandoned = false;
            Result late = finished(running);
            if (late.status() == Status.READ) {
                return Optional.of(late);
            }
        }
        GrayU8 image = copy(pixels, width, height, inverted, input);
        running = worker.submit(() -> timed(image));
        pending = true;
        return Optional.empty();
    }

    /**
     * The answer of the computation {@link #start} began, waiting at most {@code deadlineNanos} for it: past the
     * deadline {@link Status#TIMED_OUT}, and the computation is abandoned (see the class comment). Without a
     * computation started and not yet collected: {@link Status#NOTHING}.
     */
    public Result await(long deadlineNanos) {
        if (!pending) {
            return Result.of(Status.NOTHING);
        }
        pending = false;
        try {
            return running.get(Math.max(0, deadlineNanos), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            abandoned = true;
            return Result.of(Status.TIMED_OUT);
        } catch (ExecutionException e) {
            return Result.of(Status.FAILED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            abandoned = true;
            return Result.of(Status.TIMED_OUT);
        }
    }

    /** The result of a computation that has ended. */
    private static Result finished(Future<Result> done) {
        try {
            return done.get();
        } catch (ExecutionException | InterruptedException e) {
            return Result.of(Status.FAILED);
        }
    }

    /**
     * The same as {@link #read}, on this thread and without a deadline: for measurements of BoofCV alone. BUSY
     * while a {@link #read} past its deadline is still running.
     */
    public Result readNow(byte[] pixels, int width, int height) {
        if (running != null && !running.isDone()) {
            return Result.of(Status.BUSY);
        }
        return detect(copy(pixels, width, height, false, input));
    }

    /** The CPU time this reader's worker has spent in BoofCV, for benchmarks: it is not the caller's. */
    public long cpuNanos() {
        return cpuNanos.get();
    }

    private Result timed(GrayU8 image) {
        long started = THREADS.getCurrentThreadCpuTime();
        try {
            return detect(image);
        } finally {
            cpuNanos.addAndGet(THREADS.getCurrentThreadCpuTime() - started);
        }
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

    /**
     * The pixels as BoofCV's image, box-filtered down by 2 until at most {@value #MAX_PIXELS} pixels, and inverted
     * when asked; written into {@code into} (reshaped, its array reused when large enough) when it has at most
     * {@value #REUSE_PIXELS} pixels, else into a new image, so that one huge still does not stay in memory.
     */
    static GrayU8 copy(byte[] pixels, int width, int height, boolean inverted, GrayU8 into) {
        GrayImage gray = new GrayImage(width, height, pixels);
        while ((long) gray.width() * gray.height() > MAX_PIXELS) {
            gray = gray.downscaled(2);
        }
        GrayU8 image = (long) gray.width() * gray.height() <= REUSE_PIXELS ? into : new GrayU8(1, 1);
        image.reshape(gray.width(), gray.height());
        int count = gray.width() * gray.height();
        if (inverted) {
            byte[] source = gray.pixels();
            for (int i = 0; i < count; i++) {
                image.data[i] = (byte) ~source[i];
            }
        } else {
            System.arraycopy(gray.pixels(), 0, image.data, 0, count);
        }
        return image;
    }

    @Override
    public void close() {
        worker.shutdownNow();
    }
}
