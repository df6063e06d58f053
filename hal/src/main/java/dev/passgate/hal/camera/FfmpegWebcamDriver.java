package dev.passgate.hal.camera;

import com.github.sarxos.webcam.WebcamDevice;
import com.github.sarxos.webcam.WebcamDriver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A webcam-capture driver that captures through an {@code ffmpeg} child process: webcam-capture's stock driver has
 * no native library for aarch64 (the Raspberry Pi's 64-bit OS), while ffmpeg reads V4L2 cameras everywhere.
 *
 * <p>The driver does not search for cameras: its devices are exactly the configured ones, in order, because a
 * Raspberry Pi lists codec and ISP nodes as {@code /dev/video*} too, and probing those is slow and useless. The
 * device list is made once and the same instances are returned on every call. Not thread-safe in webcam-capture's
 * sense ({@link #isThreadSafe} is false): one thread should use a device at a time.
 */
public final class FfmpegWebcamDriver implements WebcamDriver {
    private final List<FfmpegWebcamDevice> devices;

    /** One device per settings, named {@code ffmpeg:<device or input>}. */
    public FfmpegWebcamDriver(List<FfmpegSettings> cameras, LongSupplier nanoTime) {
        List<FfmpegWebcamDevice> made = new ArrayList<>();
        for (FfmpegSettings settings : cameras) {
            String input = settings.device().map(Object::toString)
                    .orElse(settings.input().get(settings.input().size() - 1));
            made.add(new FfmpegWebcamDevice("ffmpeg:" + input, settings, nanoTime));
        }
        this.devices = List.copyOf(made);
    }

    @Override
    public List<WebcamDevice> getDevices() {
        return List.copyOf(devices);
    }

    /** The devices with their own type, for the zero-copy {@link FfmpegWebcamDevice#frames} view. */
    public List<FfmpegWebcamDevice> ffmpegDevices() {
        return devices;
    }

    @Override
    public boolean isThreadSafe() {
        return false;
    }

    @Override
    public String toString() {
        return "ffmpeg driver with " + devices.size() + " device(s)";
    }
}
