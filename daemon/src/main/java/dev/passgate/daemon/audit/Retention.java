package dev.passgate.daemon.audit;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/**
 * The retention rule: records older than the retention are purged, uploaded or not, a batch at a time inside the
 * caller's write transaction. A batch is the oldest run of records, all with a wall time before {@code now -
 * retention}, of at most {@value #BATCH} records; a record with a later wall time ends the run, so no record is
 * ever purged before it is due by its own time stamp (a wall clock that was set back may keep an older record
 * behind a newer one a while longer).
 *
 * <p>How the chain survives: before the batch ending at sequence {@code k} is deleted, a checkpoint signed over
 * record {@code k}'s hash is stored (unless there is one), and it stays when older checkpoints go. That checkpoint
 * is the anchor: record {@code k+1}'s {@code prev_hash} must equal its chain hash, and {@link ChainVerifier} starts
 * there. If the batch held records never uploaded, a {@link GapRecord} with reason {@code RETENTION}, the count and
 * the purged range is appended to the chain, so the collector learns exactly what it will never receive.
 *
 * <p>Destructive only on trusted time: when the caller cannot vouch for its clock ({@code clockTrusted} false, see
 * {@code TrustedClock#trustedForPurge}), a batch stops before the first record not yet uploaded, so a clock that
 * runs ahead can purge only what the collector already holds. With upload off nothing is ever marked uploaded, so
 * an untrusted clock purges nothing; on a trusted clock the local-only log is purged by its age, the retention rule
 * the site configured (28 days for KI-PASS).
 */
final class Retention {
    static final int BATCH = 1000;

    private Retention() {
    }

    /** What one batch purged. */
    record Batch(long purged, long notUploaded) {
        static final Batch NONE = new Batch(0, 0);
    }

    static Batch purgeBatch(LogStore store, ChainWriter writer, Instant now, Duration retention,
                            boolean clockTrusted) throws SQLException, IOException {
        long first = store.firstSequence();
        if (first == 0) {
            return Batch.NONE;
        }
        long firstKept = store.firstSequenceFrom(now.minus(retention).toEpochMilli());
        long firstNotUploaded = clockTrusted ? 0 : store.firstNotUploaded();
        long boundary = Math.min(Math.min(firstKept == 0 ? store.lastSequence() : firstKept - 1, first + BATCH - 1),
                firstNotUploaded > 0 ? firstNotUploaded - 1 : Long.MAX_VALUE);
        if (boundary < first) {
            return Batch.NONE;
        }
        ChainRecord last = store.at(boundary).orElseThrow(() -> new SQLException("record "
                + boundary + " is missing, so the purge up to it cannot be anchored"));
        ChainRecord oldest = store.at(first).orElseThrow();
        if (store.checkpointAt(boundary).filter(cp -> Arrays.equals(cp.chainHash(), last.hash()))
                .isEmpty()) {
            writer.checkpoint(new LogStore.Head(boundary, last.hash()), now);
        }
        long notUploaded = store.countNotUploaded(first, boundary);
        long purged = store.deleteRecords(first, boundary);
        store.deleteCheckpointsBelow(boundary);
        if (notUploaded > 0) {
            writer.write(store.head().orElseThrow(), new GapRecord(now, GapReason.RETENTION, notUploaded,
                    Instant.ofEpochMilli(oldest.wallTimeMillis()), Instant.ofEpochMilli(last.wallTimeMillis()), first,
                    boundary));
        }
        return new Batch(purged, notUploaded);
    }
}
