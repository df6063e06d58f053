package dev.passgate.hal;

/**
 * One camera frame of 8-bit luminance, row-major, one byte per pixel, {@code width * height} bytes at the start of
 * {@code luma} (the array may be longer). {@code nanos} is the monotonic time at which the last byte of the frame
 * arrived; {@code sequence} counts the frames the source produced since it started, from 1, so a gap tells how
 * many were dropped.
 *
 * <p>The array is a buffer the source reuses: it holds this frame only until the consumer takes its next frame
 * (see {@link FrameSource#take}). Code that keeps pixels for longer must copy them.
 */
public record Frame(int width, int height, byte[] luma, long nanos, long sequence) {
    public Frame {
        if (width <= 0 || height <= 0 || luma == null || luma.length < (long) width * height) {
            throw new IllegalArgumentException("frame " + width + "x" + height + " needs " + (long) width * height
                    + " bytes, found " + (luma == null ? "none" : luma.length));
        }
    }

    /** The number of pixels, which is also the number of bytes of luminance that belong to this frame. */
    public int pixels() {
        return width * height;
    }
}
