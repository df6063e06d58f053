package dev.passgate.hal.camera;

import com.github.sarxos.webcam.WebcamDevice;
import dev.passgate.hal.Frame;
import dev.passgate.hal.FrameSource;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * One camera of {@link FfmpegWebcamDriver}: a webcam-capture {@link WebcamDevice} whose frames come from an
 * {@link FfmpegFrameSource}. It offers two views of the same pipe:
 * <ul>
 *   <li>webcam-capture's: {@link #getImage} returns the newest frame as a {@code TYPE_BYTE_GRAY}
 *       {@link BufferedImage} (one copy of the luminance bytes into the image's raster);</li>
 *   <li>passgate's: {@link #frames} is a {@link FrameSource} that hands the luminance buffers over without any copy,
 *       which is what the kiosk's decoding path uses.</li>
 * </ul>
 * Only one of the two views should take frames at a time, since both take from the same newest-frame slot.
 * The device has exactly the configured resolution; {@link #setResolution} accepts only that one. Each
 * {@link #open} after a {@link #close} starts a new ffmpeg source.
 */
public final class FfmpegWebcamDevice implements WebcamDevice, WebcamDevice.FPSSource {
    private static final Duration IMAGE_WAIT = Duration.ofSeconds(2);

    private final String name;
    private final FfmpegSettings settings;
    private final LongSupplier nanoTime;
    private final Frames frames = new Frames();
    private volatile FfmpegFrameSource source;

    public FfmpegWebcamDevice(String name, FfmpegSettings settings, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Dimension[] getResolutions() {
        return new Dimension[] {getResolution()};
    }

    /**
     * A new {@link Dimension} on each call. None is kept: the kiosk reads frames through {@link #frames} and never
     * asks, and loading the AWT class would map AWT's native library into the daemon for nothing.
     */
    @Override
    public Dimension getResolution() {
        return new Dimension(settings.width(), settings.height());
    }

    @Override
    public void setResolution(Dimension size) {
        if (size.width != settings.width() || size.height != settings.height()) {
            throw new IllegalArgumentException("camera " + name + " has the configured resolution " + settings.width()
                    + "x" + settings.height() + ", found a request for " + size.width + "x" + size.height);
        }
    }

    /** The newest frame as a gray image, waiting up to 2 s for one; null when none came, as webcam-capture allows. */
    @Override
    public BufferedImage getImage() {
        FfmpegFrameSource running = source;
        if (running == null) {
            return null;
        }
        Optional<Frame> frame;
        try {
            frame = running.take(IMAGE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
        if (frame.isEmpty()) {
            return null;
        }
        Frame f = frame.get();
        BufferedImage image = new BufferedImage(f.width(), f.height(), BufferedImage.TYPE_BYTE_GRAY);
        byte[] raster = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        System.arraycopy(f.luma(), 0, raster, 0, f.pixels());
        return image;
    }

    @Override
    public synchronized void open() {
        if (source == null) {
            FfmpegFrameSource started = new FfmpegFrameSource(name, settings, nanoTime);
            started.start();
            source = started;
        }
    }

    @Override
    public synchronized void close() {
        FfmpegFrameSource running = source;
        source = null;
        if (running != null) {
            running.close();
        }
    }

    @Override
    public void dispose() {
        close();
    }

    @Override
    public boolean isOpen() {
        return source != null;
    }

    @Override
    public double getFPS() {
        return settings.fps();
    }

    /** Whether ffmpeg and the camera device look usable, without opening anything. */
    public Presence presence() {
        return Presence.ofFfmpeg(settings);
    }

    /** The same pipe as a passgate {@link FrameSource}: start opens the device, close closes it. */
    public FrameSource frames() {
        return frames;
    }

    /** The ffmpeg source of the current opening, if open; for tests and status. */
    public Optional<FfmpegFrameSource> source() {
        return Optional.ofNullable(source);
    }

    private final class Frames implements FrameSource {
        @Override
        public String name() {
            return name;
        }

        @Override
        public void start() {
            open();
        }

        @Override
        public Optional<Frame> take(Duration timeout) throws InterruptedException {
            FfmpegFrameSource running = source;
            return running == null ? Optional.empty() : running.take(timeout);
        }

        @Override
        public String health() {
            FfmpegFrameSource running = source;
            return running == null ? "CLOSED" : running.health();
        }

        @Override
        public long dropped() {
            FfmpegFrameSource running = source;
            return running == null ? 0 : running.dropped();
        }

        @Override
        public void close() {
            FfmpegWebcamDevice.this.close();
        }
    }
}
