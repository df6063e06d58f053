package dev.passgate.daemon.audit;

import java.util.Objects;

/**
 * What {@link ChainVerifier} found for one device: an intact chain, with what it holds, or the first problem, at
 * the sequence where it is. A problem is a normal result, not an exception.
 */
public sealed interface ChainReport permits ChainReport.Intact, ChainReport.Broken {

    String deviceId();

    default boolean intact() {
        return this instanceof Intact;
    }

    /** The kinds of problem, each with the sequence it is reported at. */
    enum Problem {
        /** The record at the sequence is missing before a record, or a checkpoint, that is there. */
        GAP,
        /** The record at the sequence and those after it are missing, and a checkpoint shows they existed. */
        MISSING_RECORD,
        /** The first record is not at 1, not a restart, and no checkpoint anchors the sequence before it. */
        UNANCHORED_START,
        /** The record at the sequence does not hash to the hash it stores: it was changed after it was written. */
        TAMPERED,
        /** The record at the sequence does not chain to the one before (its prev_hash differs). */
        BROKEN_LINK,
        /** The checkpoint at the sequence is not signed by the expected key. */
        BAD_SIGNATURE,
        /** The checkpoint at the sequence is well signed but vouches for a different record hash. */
        CHECKPOINT_MISMATCH,
        /** The record at the sequence belongs to another device, or a marker's body cannot be read. */
        UNREADABLE
    }

    /**
     * Every record from {@code firstSequence} to {@code lastSequence} is there and chained, every checkpoint is
     * well signed and matches. {@code lastSignedSequence} is the highest record a checkpoint vouches for (records
     * after it rest on the chain alone); {@code lostDecisions} sums the loss gap records and
     * {@code purgedNotUploaded} the retention ones. {@code restarts} counts RESTART records after the first
     * record and {@code skippedSequences} the numbers they jump over (reserved but never written, or cut off).
     * A log with no records has first and last 0.
     */
    record Intact(String deviceId, long firstSequence, long lastSequence, long records, long checkpoints,
                  long lastSignedSequence, long lostDecisions, long purgedNotUploaded, long restarts,
                  long skippedSequences) implements ChainReport {
        public Intact {
            Objects.requireNonNull(deviceId, "deviceId");
        }

        /** A chain without restart records after its first record. */
        public Intact(String deviceId, long firstSequence, long lastSequence, long records, long checkpoints,
                      long lastSignedSequence, long lostDecisions, long purgedNotUploaded) {
            this(deviceId, firstSequence, lastSequence, records, checkpoints, lastSignedSequence, lostDecisions,
                    purgedNotUploaded, 0, 0);
        }
    }

    /** The first problem, at {@code sequence}; {@code detail} is one line for a technician. */
    record Broken(String deviceId, Problem problem, long sequence, String detail) implements ChainReport {
        public Broken {
            Objects.requireNonNull(deviceId, "deviceId");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
        }
    }
}
