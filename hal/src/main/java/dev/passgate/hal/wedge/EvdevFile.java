package dev.passgate.hal.wedge;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import java.io.IOException;
import java.nio.file.Path;

/**
 * An open file descriptor on an input device, or on anything that reads like one (a recording in a regular file,
 * a FIFO), opened non-blocking through {@link Libc} so that reads wait in {@code poll} with a timeout and the
 * reading thread notices a close. Not thread-safe; the reading thread owns it.
 */
final class EvdevFile implements AutoCloseable {
    /** What one wait-and-read gave. */
    enum Status { DATA, NOTHING_YET, END_OF_FILE, GONE }

    private final Libc libc;
    private final int fd;
    private final Memory pollfd = new Memory(8);
    private int lastCount;
    private int lastErrno;
    private boolean closed;

    private EvdevFile(Libc libc, int fd) {
        this.libc = libc;
        this.fd = fd;
    }

    /** Opens the file read-only and non-blocking; the exception names the errno for the log. */
    static EvdevFile open(Path path) throws IOException {
        Libc libc = Libc.get();
        int fd = libc.open(path.toString(), Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_NOCTTY | Libc.O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            throw new IOException(errno == Libc.ENOENT ? "no such device" : errno == Libc.EACCES
                    ? "permission denied (errno 13; is the user in the input group?)" : "open failed, errno " + errno);
        }
        return new EvdevFile(libc, fd);
    }

    /** Asks for exclusive use of the device; the outcome, never an exception. */
    Grab grab() {
        if (libc.ioctl(fd, new NativeLong(Libc.EVIOCGRAB), new NativeLong(1)) == 0) {
            return Grab.GRABBED;
        }
        return Grab.ofErrno(Native.getLastError());
    }

    /** Waits up to {@code timeoutMillis} for bytes and reads what is there into {@code buffer} at {@code offset}. */
    Status read(byte[] buffer, int offset, int timeoutMillis) {
        pollfd.setInt(0, fd);
        pollfd.setShort(4, Libc.POLLIN);
        pollfd.setShort(6, (short) 0);
        int ready = libc.poll(pollfd, new NativeLong(1), timeoutMillis);
        if (ready < 0) {
            lastErrno = Native.getLastError();
            return lastErrno == Libc.EINTR ? Status.NOTHING_YET : Status.GONE;
        }
        short events = pollfd.getShort(6);
        if (ready == 0) {
            return Status.NOTHING_YET;
        }
        if ((events & Libc.POLLIN) == 0 && (events & (Libc.POLLERR | Libc.POLLNVAL)) != 0) {
            lastErrno = Libc.ENODEV;
            return Status.GONE;
        }
        byte[] chunk = new byte[buffer.length - offset];
        long n = libc.read(fd, chunk, new NativeLong(chunk.length)).longValue();
        if (n > 0) {
            System.arraycopy(chunk, 0, buffer, offset, (int) n);
            lastCount = (int) n;
            return Status.DATA;
        }
        if (n == 0) {
            return Status.END_OF_FILE;
        }
        lastErrno = Native.getLastError();
        return lastErrno == Libc.EAGAIN || lastErrno == Libc.EINTR ? Status.NOTHING_YET : Status.GONE;
    }

    /** Bytes of the last {@link Status#DATA} read. */
    int lastCount() {
        return lastCount;
    }

    /** The errno behind the last {@link Status#GONE}. */
    int lastErrno() {
        return lastErrno;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            libc.close(fd);
        }
    }
}
