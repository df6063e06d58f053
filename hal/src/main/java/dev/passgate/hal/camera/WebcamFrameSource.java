package dev.passgate.hal.camera;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamDriver;
import dev.passgate.hal.Frame;
import dev.passgate.hal.FrameSource;
import dev.passgate.hal.scan.ReaderLoop;
import java.awt.Dimension;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.tinylog.Logger;

/**
 * Frames from any webcam-capture driver, e.g. its stock native driver on an x86 desktop
 * ({@code driver = "webcam-capture-default"}). The device is used directly through {@link WebcamDevice}, without
 * webcam-capture's {@code Webcam} singleton and its discovery and shutdown-hook threads.
 *
 * <p>A daemon thread finds the device whose name contains {@code wanted} (the first device when {@code wanted} is
 * empty), asks for {@code size} when the device offers it, opens it and polls {@link WebcamDevice#getImage} at most
 * {@code fps} times a second, converting each image to 8-bit luminance (BT.601 weights) in a buffer of the
 * {@link FrameExchange}: one conversion, no further copy. When the driver fails to load (no native library for this
 * machine), no device matches, or {@value #MAX_EMPTY_IMAGES} images in a row are missing, the device is closed and
 * looked for again after {@code reopenInterval}. Frames are stamped with the injected monotonic {@code nanoTime}.
 */
public final class WebcamFrameSource implements FrameSource {
    static final int MAX_EMPTY_IMAGES = 30;

    private final String name;
    private final Supplier<WebcamDriver> driver;
    private final String wanted;
    private final Dimension size;
    private final long periodNanos;
    private final Duration reopenInterval;
    private final LongSupplier nanoTime;
    private final FrameExchange exchange = new FrameExchange();
    private final ReaderLoop loop;
    private volatile String health = "NOT_STARTED";
    private long sequence;

    public WebcamFrameSource(String name, Supplier<WebcamDriver> driver, String wanted, Dimension size, int fps,
                             Duration reopenInterval, LongSupplier nanoTime) {
        this.name = Objects.requireNonNull(name, "name");
        this.driver = Objects.requireNonNull(driver, "driver");
        this.wanted = Objects.requireNonNull(wanted, "wanted");
        this.size = new Dimension(size);
        this.periodNanos = 1_000_000_000L / fps;
        this.reopenInterval = Objects.requireNonNull(reopenInterval, "reopenInterval");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.loop = new ReaderLoop("frame source " + name);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public synchronized void start() {
        loop.start("passgate-webcam-" + name, () -> { }, this::run);
    }

    @Override
    public Optional<Frame> take(Duration timeout) throws InterruptedException {
        return exchange.take(timeout);
    }

    @Override
    public String health() {
        return health;
    }

    @Override
    public long dropped() {
        return exchange.dropped();
    }

    @Override
    public void close() {
        loop.beginClose();
        exchange.close();
        loop.join(Duration.ofSeconds(3));
        health = "CLOSED";
    }

    private void run() {
        boolean reported = false;
        while (!loop.closing()) {
            String reason;
            try {
                reason = useDevice();
            } catch (RuntimeException | LinkageError e) {
                reason = "webcam-capture failed with " + e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            if (reason == null) {
                break;
            }
            health = "DISCONNECTED";
            if (!reported) {
                Logger.warn("Camera {} is not available ({}); retrying every {} ms", name, reason,
                        reopenInterval.toMillis());
                reported = true;
            }
            await(reopenInterval.toNanos());
        }
    }

    /** Finds, opens and reads the device until it fails (returns why) or the source closes (returns null). */
    private String useDevice() {
        List<WebcamDevice> devices = driver.get().getDevices();
        Optional<WebcamDevice> found = devices.stream().filter(d -> d.getName().contains(wanted)).findFirst();
        if (found.isEmpty()) {
            return "no camera named like '" + wanted + "' among " + devices.size();
        }
        WebcamDevice device = found.get();
        if (Arrays.asList(device.getResolutions()).contains(size)) {
            device.setResolution(size);
        }
        device.open();
        try {
            int empty = 0;
            while (!loop.closing()) {
                long started = nanoTime.getAsLong();
                BufferedImage image = device.getImage();
                if (image == null) {
                    if (++empty >= MAX_EMPTY_IMAGES) {
                        return MAX_EMPTY_IMAGES + " images in a row were missing";
                    }
                } else {
                    empty = 0;
                    health = "STREAMING";
                    publish(image);
                }
                await(periodNanos - (nanoTime.getAsLong() - started));
            }
            return null;
        } finally {
            device.close();
        }
    }

    private void publish(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] luma = exchange.spare(width * height);
        toLuma(image, luma);
        exchange.publish(new Frame(width, height, luma, nanoTime.getAsLong(), ++sequence));
    }

    /** Writes the image's luminance into {@code out}: a plain copy for gray images, BT.601 weights otherwise. */
    static void toLuma(BufferedImage image, byte[] out) {
        int width = image.getWidth();
        int height = image.getHeight();
        if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
                && image.getRaster().getDataBuffer() instanceof DataBufferByte gray
                && gray.getData().length == width * height) {
            System.arraycopy(gray.getData(), 0, out, 0, width * height);
            return;
        }
        int[] row = new int[width];
        for (int y = 0; y < height; y++) {
            image.getRGB(0, y, width, 1, row, 0, width);
            for (int x = 0; x < width; x++) {
                int rgb = row[x];
                int luma = (299 * ((rgb >> 16) & 0xff) + 587 * ((rgb >> 8) & 0xff) + 114 * (rgb & 0xff)) / 1000;
                out[y * width + x] = (byte) luma;
            }
        }
    }

    private void await(long nanos) {
        if (nanos <= 0) {
            return;
        }
        // An interrupt ends the source as closing would.
        if (!loop.pause(Duration.ofNanos(nanos)) && Thread.currentThread().isInterrupted()) {
            loop.beginClose();
        }
    }
}
