package dev.passgate.daemon.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the daemon can show about its entry log. {@code unlogged} counts the decisions this log could not write
 * since it was opened (exact: a decision that turned out stored after all is not counted), and
 * {@code unloggedWithoutGapRecord} how many of them still wait for their {@link GapRecord}. {@code setAside} is
 * the corrupt file moved aside when the log was opened, if there was one. {@code problems} names what keeps the
 * log from keeping decisions at all (no file, as after a first start on a full disk; no loss reserve), one line each.
 */
public record EntryLogStatus(long unlogged, long unloggedWithoutGapRecord, Optional<SetAside> setAside,
                             List<String> problems) {
    public EntryLogStatus {
        Objects.requireNonNull(setAside, "setAside");
        problems = List.copyOf(problems);
    }

    public EntryLogStatus(long unlogged, long unloggedWithoutGapRecord, Optional<SetAside> setAside) {
        this(unlogged, unloggedWithoutGapRecord, setAside, List.of());
    }
}
