package dev.passgate.daemon.audit;

import java.util.Objects;

/**
 * What became of one {@link EntryLog#append}: the record was written and committed under a sequence number, or
 * it was not, and the log has counted it. Not being written is a normal outcome for a full log or disk; the gate
 * goes on deciding either way.
 */
public sealed interface Appended permits Appended.Written, Appended.Lost {

    /** The record is committed (durable) under {@code sequence}. */
    record Written(long sequence) implements Appended {
    }

    /**
     * The record was not acknowledged. The log counted it and will write a {@link GapRecord} for it with the next
     * record it manages to write; {@code pending} is how many such decisions wait for that gap record now.
     * {@code detail} is one line for a technician and never holds personal data. In the rare case of a fault
     * reported after the commit reached the disk, the record may be stored all the same; the log finds out on
     * its next write and then leaves it out of the gap's count, so the count stays exact.
     */
    record Lost(GapReason reason, long pending, String detail) implements Appended {
        public Lost {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
