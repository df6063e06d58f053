package dev.passgate.daemon.clock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * Whether, and when last, the operating system synchronised its clock. {@link #lastSync()} is an opaque mark
 * that changes at every synchronisation and is empty while the clock has not been synchronised since boot (or
 * when that cannot be known). The kiosk's signal ({@link #kernelAndFlag}) asks the kernel first
 * ({@link KernelClock}, {@code adjtimex}): while the kernel says unsynchronised, the signal is empty whatever any
 * file says. While it says synchronised, the mark is the modification time of systemd-timesyncd's flag file
 * ({@code /run/systemd/timesync/synchronized}, created at the first synchronisation after boot and touched at
 * each one after), or 0 without one (any NTP client: chrony, ntpd, timesyncd). Where the kernel cannot be asked,
 * the flag file alone decides.
 */
@FunctionalInterface
public interface SyncSignal {
    OptionalLong lastSync();

    /** The signal of a kiosk that cannot know: never synchronised. */
    SyncSignal NONE = OptionalLong::empty;

    /** The kernel's word first, then the flag file; see the class comment. */
    static SyncSignal kernelAndFlag(Path flag) {
        return combined(KernelClock::read, flagFile(flag));
    }

    /** {@code kernel}'s answer (synchronised, unsynchronised or unknown) combined with a flag-file signal. */
    static SyncSignal combined(Supplier<Optional<Boolean>> kernel, SyncSignal flag) {
        return () -> {
            Optional<Boolean> synced = kernel.get();
            if (synced.isEmpty()) {
                return flag.lastSync();
            }
            if (!synced.get()) {
                return OptionalLong.empty();
            }
            OptionalLong mark = flag.lastSync();
            return mark.isPresent() ? mark : OptionalLong.of(0);
        };
    }

    /** The flag-file signal; an absent or unreadable file reads as "not synchronised". */
    static SyncSignal flagFile(Path flag) {
        return () -> {
            try {
                return Files.isRegularFile(flag)
                        ? OptionalLong.of(Files.getLastModifiedTime(flag).toMillis()) : OptionalLong.empty();
            } catch (IOException | SecurityException e) {
                return OptionalLong.empty();
            }
        };
    }
}
