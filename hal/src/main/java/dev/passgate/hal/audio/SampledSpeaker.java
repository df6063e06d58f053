package dev.passgate.hal.audio;

import dev.passgate.hal.SoundClip;
import dev.passgate.hal.Speaker;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.SourceDataLine;
import org.tinylog.Logger;

/**
 * A speaker on {@code javax.sound.sampled}: clips from a {@link ClipPack}, written to a line from a
 * {@link LineOpener} by one daemon thread, so {@link #play} never waits for audio.
 *
 * <p>The newest request wins: the thread writes a clip in chunks of about {@value #CHUNK_MILLIS} ms and, when a
 * new clip is asked for, flushes what the line still holds and starts the new one. The line stays open between
 * clips (reopened when a clip has another format). When the line cannot be opened or a write fails, the state is
 * {@code NO_AUDIO_DEVICE} with the reason, logged once per change, and the next clip tries again: a USB speaker
 * plugged in later is picked up. Nothing is thrown to the caller. Thread-safe.
 */
public final class SampledSpeaker implements Speaker {
    static final int CHUNK_MILLIS = 50;

    private final ClipPack pack;
    private final LineOpener opener;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Thread thread;
    private SoundClip requested;
    private long generation;
    private boolean playing;
    private boolean closed;
    private String problem;
    private SourceDataLine line;

    public SampledSpeaker(ClipPack pack, LineOpener opener) {
        this.pack = Objects.requireNonNull(pack, "pack");
        this.opener = Objects.requireNonNull(opener, "opener");
        this.thread = new Thread(this::run, "passgate-speaker");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void play(SoundClip clip) {
        Objects.requireNonNull(clip, "clip");
        lock.lock();
        try {
            if (closed) {
                return;
            }
            requested = clip;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String health() {
        lock.lock();
        try {
            return closed ? "CLOSED" : problem == null ? "OK" : "NO_AUDIO_DEVICE: " + problem;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until no clip is asked for or playing; true if that happened within the timeout. For tests. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long remaining = timeout.toNanos();
        lock.lock();
        try {
            while (requested != null || playing) {
                if (remaining <= 0) {
                    return false;
                }
                remaining = changed.awaitNanos(remaining);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try {
            while (true) {
                SoundClip clip;
                long clipGeneration;
                lock.lock();
                try {
                    while (requested == null && !closed) {
                        changed.awaitUninterruptibly();
                    }
                    if (closed) {
                        break;
                    }
                    clip = requested;
                    clipGeneration = generation;
                    requested = null;
                    playing = clip != SoundClip.NONE;
                    changed.signalAll();
                } finally {
                    lock.unlock();
                }
                if (clip != SoundClip.NONE) {
                    playOut(pack.clip(clip), clipGeneration);
                }
                finished();
            }
        } finally {
            closeLine();
        }
    }

    private void playOut(Pcm pcm, long clipGeneration) {
        SourceDataLine output = line(pcm.format());
        if (output == null) {
            return;
        }
        AudioFormat format = pcm.format();
        int chunk = Math.max(format.getFrameSize(),
                (int) (format.getFrameRate() * CHUNK_MILLIS / 1000) * format.getFrameSize());
        byte[] frames = pcm.frames();
        try {
            for (int offset = 0; offset < frames.length; offset += chunk) {
                if (superseded(clipGeneration)) {
                    output.flush();
                    return;
                }
                output.write(frames, offset, Math.min(chunk, frames.length - offset));
            }
            if (!superseded(clipGeneration)) {
                output.drain();
            }
        } catch (RuntimeException e) {
            report("writing to the audio device failed with " + e.getClass().getSimpleName());
            closeLine();
        }
    }

    private SourceDataLine line(AudioFormat format) {
        if (line != null && line.getFormat().matches(format)) {
            return line;
        }
        closeLine();
        try {
            line = opener.open(format);
            report(null);
            return line;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            report(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            return null;
        }
    }

    private boolean superseded(long clipGeneration) {
        lock.lock();
        try {
            return generation != clipGeneration;
        } finally {
            lock.unlock();
        }
    }

    private void finished() {
        lock.lock();
        try {
            playing = false;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void report(String newProblem) {
        lock.lock();
        try {
            if (Objects.equals(problem, newProblem)) {
                return;
            }
            problem = newProblem;
        } finally {
            lock.unlock();
        }
        if (newProblem == null) {
            Logger.info("Speaker: audio device open");
        } else {
            Logger.warn("Speaker: no audio device ({}); running without sound until one appears", newProblem);
        }
    }

    private void closeLine() {
        if (line != null) {
            try {
                line.close();
            } catch (RuntimeException e) {
                Logger.debug("closing the audio line failed: {}", e.getMessage());
            }
            line = null;
        }
    }
}
