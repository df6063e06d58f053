package dev.passgate.daemon.clock;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Whether, and when last, the operating system synchronised its clock. {@link #lastSync()} is an opaque mark
 * that changes at every synchronisation and is empty while the clock has not been synchronised since boot (or
 * when that cannot be known). passgate reads systemd-timesyncd's flag file
 * ({@code /run/systemd/timesync/synchronized}, created at the first synchronisation after boot and touched at
 * each one after): the mark is its modification time. {@code adjtimex} would need native code, which passgate
 * does not ship, so kernels without timesyncd report "unknown" (empty).
 */
@FunctionalInterface
public interface SyncSignal {
    OptionalLong lastSync();

    /** The signal of a kiosk that cannot know: never synchronised. */
    SyncSignal NONE = OptionalLong::empty;

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
