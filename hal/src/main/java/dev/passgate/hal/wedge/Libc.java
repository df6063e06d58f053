package dev.passgate.hal.wedge;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.NativeLong;
import com.sun.jna.Pointer;

/**
 * The few C library calls an evdev reader needs, through JNA: Java's own file streams hide the file descriptor
 * that {@code ioctl(EVIOCGRAB)} and {@code poll} need. Constants are those of Linux on ARM and x86 (generic).
 */
interface Libc extends Library {
    int O_RDONLY = 0;
    int O_NOCTTY = 0400;
    int O_NONBLOCK = 04000;
    int O_CLOEXEC = 02000000;
    short POLLIN = 0x1;
    short POLLERR = 0x8;
    short POLLHUP = 0x10;
    short POLLNVAL = 0x20;
    int EPERM = 1;
    int ENOENT = 2;
    int EINTR = 4;
    int EAGAIN = 11;
    int EACCES = 13;
    int EBUSY = 16;
    int ENODEV = 19;
    int EINVAL = 22;
    int ENOTTY = 25;
    /** {@code _IOW('E', 0x90, int)}: direction write (1) in bits 30-31, size 4 in bits 16-29, type 'E', nr 0x90. */
    long EVIOCGRAB = (1L << 30) | (4L << 16) | ('E' << 8) | 0x90;

    int open(String path, int flags);

    int close(int fd);

    NativeLong read(int fd, byte[] buffer, NativeLong count);

    int poll(Pointer fds, NativeLong count, int timeoutMillis);

    int ioctl(int fd, NativeLong request, Object... args);

    /** The library, loaded on first use; a {@link LinkageError} when JNA cannot load it. */
    static Libc get() {
        return Holder.LIBC;
    }

    /** Lazy holder, so that merely loading this interface never touches native code. */
    final class Holder {
        private static final Libc LIBC = Native.load("c", Libc.class);

        private Holder() {
        }
    }
}
