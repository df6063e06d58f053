package dev.passgate.hal.audio;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.Control;
import javax.sound.sampled.Line;
import javax.sound.sampled.LineListener;
import javax.sound.sampled.SourceDataLine;

/**
 * The output line of a fake mixer: records the format it was opened with, every byte written and the calls
 * that matter (flush, drain, close), in order. Each write takes a permit first, so a test can hold playback
 * mid-clip; it starts with as many permits as the test wants.
 */
final class FakeLine implements SourceDataLine {
    final ByteArrayOutputStream written = new ByteArrayOutputStream();
    final List<String> calls = new ArrayList<>();
    final Semaphore writes;
    private final AudioFormat format;
    private boolean open = true;

    FakeLine(AudioFormat format, int writePermits) {
        this.format = format;
        this.writes = new Semaphore(writePermits);
    }

    @Override
    public int write(byte[] b, int off, int len) {
        try {
            if (!writes.tryAcquire(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("test never released the write");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        synchronized (this) {
            written.write(b, off, len);
            calls.add("write " + len);
        }
        return len;
    }

    synchronized byte[] bytes() {
        return written.toByteArray();
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }

    @Override
    public synchronized void flush() {
        calls.add("flush");
    }

    @Override
    public synchronized void drain() {
        calls.add("drain");
    }

    @Override
    public synchronized void close() {
        open = false;
        calls.add("close");
    }

    @Override
    public AudioFormat getFormat() {
        return format;
    }

    @Override
    public synchronized boolean isOpen() {
        return open;
    }

    @Override
    public void open(AudioFormat f, int bufferSize) {
    }

    @Override
    public void open(AudioFormat f) {
    }

    @Override
    public void open() {
    }

    @Override
    public void start() {
    }

    @Override
    public void stop() {
    }

    @Override
    public boolean isRunning() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open;
    }

    @Override
    public int getBufferSize() {
        return 4096;
    }

    @Override
    public int available() {
        return 4096;
    }

    @Override
    public int getFramePosition() {
        return 0;
    }

    @Override
    public long getLongFramePosition() {
        return 0;
    }

    @Override
    public long getMicrosecondPosition() {
        return 0;
    }

    @Override
    public float getLevel() {
        return 0;
    }

    @Override
    public Line.Info getLineInfo() {
        return new Line.Info(SourceDataLine.class);
    }

    @Override
    public Control[] getControls() {
        return new Control[0];
    }

    @Override
    public boolean isControlSupported(Control.Type control) {
        return false;
    }

    @Override
    public Control getControl(Control.Type control) {
        throw new IllegalArgumentException("no controls");
    }

    @Override
    public void addLineListener(LineListener listener) {
    }

    @Override
    public void removeLineListener(LineListener listener) {
    }
}
