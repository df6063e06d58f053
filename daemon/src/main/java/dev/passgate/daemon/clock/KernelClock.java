package dev.passgate.daemon.clock;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import java.util.Optional;
import org.tinylog.Logger;

/**
 * What the Linux kernel says about clock synchronisation: {@code adjtimex(2)} called with {@code modes = 0}
 * (read only, no privilege needed) returns the clock state, and {@code TIME_ERROR} (5) means the kernel's
 * {@code STA_UNSYNC} flag is set: no time service has disciplined the clock since boot, or it lost its source.
 * Any other state (TIME_OK, leap-second states) means synchronised.
 *
 * <p>The call goes through JNA to the C library. The {@code struct timex} buffer is only written to by the
 * kernel; its layout (which differs between 32- and 64-bit ARM) does not matter because only the return value is
 * read, and the buffer is larger than the structure on every architecture. Where the call cannot be made (not
 * Linux, no native library, a seccomp filter such as systemd's {@code ProtectClock=}), {@link #read()} is
 * empty: unknown, and the caller falls back to other signals.
 */
public final class KernelClock {
    /** The clock state the kernel returns while {@code STA_UNSYNC} is set. */
    static final int TIME_ERROR = 5;
    /** Larger than {@code struct timex} on every Linux ABI (208 bytes on 64-bit, 128 to 208 on 32-bit). */
    private static final int TIMEX_BUFFER_BYTES = 512;
    private static volatile Optional<Libc> libc;

    private KernelClock() {
    }

    /** The C library's {@code adjtimex}. */
    interface Libc extends Library {
        int adjtimex(Memory timex);
    }

    /** True when the kernel reports a synchronised clock, false when unsynchronised, empty when unknown. */
    public static Optional<Boolean> read() {
        Optional<Libc> c = library();
        if (c.isEmpty()) {
            return Optional.empty();
        }
        try (Memory timex = new Memory(TIMEX_BUFFER_BYTES)) {
            timex.clear();
            return synchronised(c.get().adjtimex(timex));
        } catch (RuntimeException | LinkageError e) {
            return Optional.empty();
        }
    }

    /** The meaning of one {@code adjtimex} return value: negative is a failed call (unknown). */
    static Optional<Boolean> synchronised(int state) {
        return state < 0 ? Optional.empty() : Optional.of(state != TIME_ERROR);
    }

    private static Optional<Libc> library() {
        Optional<Libc> loaded = libc;
        if (loaded == null) {
            loaded = load();
            libc = loaded;
        }
        return loaded;
    }

    private static Optional<Libc> load() {
        if (!Platform.isLinux()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Native.load("c", Libc.class));
        } catch (RuntimeException | LinkageError e) {
            Logger.info("adjtimex is not available ({}); clock synchronisation is read from the flag file only",
                    e.getMessage());
            return Optional.empty();
        }
    }
}
