package dev.passgate.daemon.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;
import org.tinylog.Logger;

/**
 * The write transactions of one {@link EntryLog}: appending (with the restart record, waiting gap records and a due
 * checkpoint) and retention purges. Each is one {@code BEGIN IMMEDIATE} ... commit at the {@link CommitPoint}; a
 * write that fails becomes a counted loss in the {@link LossLedger}, never an exception, so the caller never waits
 * on a full disk. Not thread-safe: the log's lock guards it.
 */
final class Transactions {
    private final Path file;
    private final String deviceId;
    private final Connection connection;
    private final CommitPoint commitPoint;
    private final EntryLogOptions options;
    private final LogStore store;
    private final ChainWriter writer;
    private final LossLedger ledger = new LossLedger();
    /** The ledger's durable copy; null when it could not be made (no room at the first opening). */
    private LossReserve reserve;
    /** Why this log has no file and refuses every write (the disk was full at the first start), or null. */
    private final String diskless;
    private SetAside restartFor;
    /**
     * The reservation mark when the chain ended below it at opening, else 0: until a write commits, a chain still
     * ending below it is continued above the mark ({@link ChainWriter#start}).
     */
    private long markAtOpen;
    /** Whether the records table is known to allow the kinds above 3 ({@link EntrySchema#widenKinds}). */
    private boolean kindsWidened;

    Transactions(Path file, String deviceId, Connection connection, CommitPoint commitPoint, EntryLogOptions options,
                 BodyCodec codec, Optional<SetAside> setAside) {
        this(file, deviceId, connection, commitPoint, options, codec, setAside, null);
    }

    /** With {@code diskless} (why), every write is a counted {@link GapReason#STORAGE_FULL} loss. */
    Transactions(Path file, String deviceId, Connection connection, CommitPoint commitPoint, EntryLogOptions options,
                 BodyCodec codec, Optional<SetAside> setAside, String diskless) {
        this.diskless = diskless;
        this.file = file;
        this.deviceId = deviceId;
        this.connection = connection;
        this.commitPoint = commitPoint;
        this.options = options;
        this.store = new LogStore(connection, deviceId);
        this.writer = new ChainWriter(deviceId, store, codec,
                new SequenceReservations(SequenceReservations.beside(file)), options, options.clock().instant());
        this.restartFor = setAside.orElse(null);
        this.reserve = LossReserve.open(file);
        if (reserve != null) {
            List<LossReserve.Pending> carried = reserve.read(deviceId);
            if (!carried.isEmpty()) {
                ledger.carry(carried);
                Logger.warn("Entry log {}: {} decision(s) not logged before the last stop are carried over from {}"
                        + " and get their gap records with the next write", file, ledger.pending(),
                        LossReserve.beside(file).getFileName());
            }
        }
        try {
            long reserved = writer.exactMark();
            this.markAtOpen = reserved > store.head().map(LogStore.Head::sequence).orElse(0L) ? reserved : 0;
        } catch (SQLException e) {
            Logger.warn("Entry log {}: cannot compare the chain's end with the reservation mark: {}", file,
                    e.getMessage());
        }
    }

    LossLedger ledger() {
        return ledger;
    }

    /** Whether anything waits to be written: the restart record after a set-aside, or gap records. */
    boolean waiting() {
        return restartFor != null || ledger.pending() > 0 || markAtOpen > 0;
    }

    /**
     * The one write transaction: settle an uncertain earlier write, check the bounds, then chain any restart
     * record, the waiting gap records and {@code entry} (if not null), sign a checkpoint when due (or, with
     * {@code sign}, whenever the last record is unsigned), and commit.
     */
    Result write(LogRecord entry, boolean sign) {
        Result result = diskless == null ? attemptWrite(entry, sign) : refuse(entry);
        if (reserve == null && diskless != null && entry == null) {
            reserve = LossReserve.open(file, true);
        }
        if (reserve != null) {
            reserve.write(deviceId, ledger.snapshot());
        }
        return result;
    }

    /**
     * The answer of a log without a file: nothing is written, each decision is a loss counted in the ledger (and in
     * the reserve, once there is room to make it: retried on every upkeep), and the next start with room writes
     * the gap records from the reserve.
     */
    private Result refuse(LogRecord entry) {
        if (entry == null) {
            return Result.NOTHING;
        }
        return lost(new SQLiteException("no entry log file: " + diskless, SQLiteErrorCode.SQLITE_FULL), entry,
                entry.wallTime(), null, 0);
    }

    /** Whether the ledger's durable copy exists (a log without one counts its losses in memory only). */
    boolean reserved() {
        return reserve != null;
    }

    /** Why this log has no file, or null. */
    String diskless() {
        return diskless;
    }

    /** The durable copy of the ledger, closed with the log. */
    void closeReserve() {
        if (reserve != null) {
            reserve.close();
        }
    }

    private Result attemptWrite(LogRecord entry, boolean sign) {
        Instant now = options.clock().instant();
        Instant lostAt = entry == null ? now : entry.wallTime();
        LogStore.Head head = null;
        int covered = 0;
        boolean committing = false;
        boolean checkpointed = false;
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                if (entry != null && entry.kind().code() > RecordKind.RESTART.code() && !kindsWidened) {
                    EntrySchema.widenKinds(statement, file);
                }
                ledger.settle(store);
                List<GapRecord> gaps = ledger.gapRecords(now);
                Optional<String> full = overBound(gaps.size() + (entry == null ? 0 : 1));
                if (full.isPresent()) {
                    rollbackAfter(statement, null);
                    return entry == null ? Result.NOTHING
                            : new Result(ledger.lose(GapReason.CAPACITY, lostAt, full.get()), false);
                }
                head = writer.start(now, restartFor, markAtOpen);
                for (GapRecord gap : gaps) {
                    head = writer.write(head, gap);
                }
                covered = gaps.size();
                if (entry != null) {
                    head = writer.write(head, entry);
                }
                if (sign ? writer.unsigned(head) : writer.checkpointDue(head, now)) {
                    writer.checkpoint(head, now);
                    checkpointed = true;
                }
                committing = true;
                commitPoint.commit(connection);
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackAfter(statement, e);
                throw e;
            }
        } catch (SQLException | IOException e) {
            return lost(e, entry, lostAt, committing ? head : null, covered);
        }
        kindsWidened |= entry != null && entry.kind().code() > RecordKind.RESTART.code();
        ledger.recorded(covered);
        if (covered > 0) {
            Logger.warn("Entry log {}: writing again; recorded {} gap record(s) for the decisions not logged", file,
                    covered);
        }
        restartFor = null;
        markAtOpen = 0;
        return new Result(new Appended.Written(head.sequence()), checkpointed);
    }

    /**
     * On a clean close: lowers the reservation mark to the chain's end inside a write transaction
     * ({@link ChainWriter#settleReservation}); a failure only costs a restart record at the next opening.
     */
    void settleReservation() {
        if (diskless != null) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                if (markAtOpen == 0 && ledger.pending() == 0) {
                    writer.settleReservation();
                }
            } finally {
                rollbackAfter(statement, null);
            }
        } catch (SQLException | IOException e) {
            Logger.warn("Entry log {}: cannot lower the sequence reservation on closing ({}); the next start"
                    + " writes a restart record above it", file, e.getMessage());
        }
    }

    /** One retention batch in its own transaction ({@link Retention}); a failure is an I/O fault here. */
    Retention.Batch purge(Duration retention, boolean clockTrusted) throws EntryLogException {
        Instant now = options.clock().instant();
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                Retention.Batch batch = Retention.purgeBatch(store, writer, now, retention, clockTrusted);
                commitPoint.commit(connection);
                if (batch.purged() > 0) {
                    Logger.info("Entry log {}: purged {} record(s) older than {}, {} of them never uploaded", file,
                            batch.purged(), retention, batch.notUploaded());
                }
                return batch;
            } catch (SQLException | IOException | RuntimeException e) {
                rollbackAfter(statement, e);
                throw e;
            }
        } catch (SQLException | IOException e) {
            throw new EntryLogException(file, "cannot purge by retention", e);
        }
    }

    private Result lost(Exception fault, LogRecord entry, Instant lostAt, LogStore.Head attempted, int covered) {
        GapReason reason = isDiskFull(fault) ? GapReason.STORAGE_FULL : GapReason.STORAGE_FAULT;
        String detail = fault.getMessage() == null ? fault.toString() : fault.getMessage();
        if (attempted != null) {
            ledger.uncertain(attempted.sequence(), attempted.hash(), covered, entry == null ? null : reason, lostAt);
        }
        if (entry == null) {
            Logger.warn("Entry log {}: cannot write waiting gap records or a checkpoint yet: {}", file, detail);
            return Result.NOTHING;
        }
        Appended.Lost lost = attempted != null ? new Appended.Lost(reason, ledger.pending(), detail)
                : ledger.lose(reason, lostAt, detail);
        if (isPowerOfTen(lost.pending())) {
            Logger.error("Entry log {}: decision not logged ({}); {} wait for a gap record, {} unlogged since"
                    + " opening: {}", file, reason, lost.pending(), ledger.unlogged(), detail);
        } else {
            Logger.debug("Entry log {}: decision not logged ({}): {}", file, reason, detail);
        }
        return new Result(lost, false);
    }

    /** 1, 10, 100, ...: the losses in a row worth an error line, so a full disk does not flood the journal. */
    private static boolean isPowerOfTen(long count) {
        long power = 1;
        while (power < count) {
            power *= 10;
        }
        return power == count;
    }

    /** Why {@code needed} more records would break a bound, or empty when they fit. */
    private Optional<String> overBound(int needed) throws SQLException {
        if (options.maxRecords() < Long.MAX_VALUE) {
            long first = store.firstSequence();
            long stored = first == 0 ? 0 : store.lastSequence() - first + 1;
            if (stored + needed > options.maxRecords()) {
                return Optional.of("the log holds " + stored + " records of device " + deviceId + "; " + needed
                        + " more would pass the bound of " + options.maxRecords());
            }
        }
        if (options.maxBytes() < Long.MAX_VALUE) {
            long used = store.usedBytes();
            if (used >= options.maxBytes()) {
                return Optional.of("the log uses " + used + " bytes, at or past the bound of " + options.maxBytes());
            }
        }
        return Optional.empty();
    }

    private static boolean isDiskFull(Exception fault) {
        if (fault instanceof SQLiteException sqlite) {
            return (sqlite.getResultCode().code & 0xFF) == SQLiteErrorCode.SQLITE_FULL.code;
        }
        String message = String.valueOf(fault.getMessage());
        return fault instanceof IOException && message.contains("No space left on device");
    }

    /** Undoes the open transaction, if any; a failing rollback joins the fault, if there is one. */
    private static void rollbackAfter(Statement statement, Exception fault) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            if (fault != null) {
                fault.addSuppressed(e);
            }
        }
    }

    /** The outcome of one write transaction: the append's answer (null without an entry), and whether it signed. */
    record Result(Appended appended, boolean checkpointed) {
        static final Result NOTHING = new Result(null, false);
    }
}
