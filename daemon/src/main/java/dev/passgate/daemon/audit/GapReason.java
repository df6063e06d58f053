package dev.passgate.daemon.audit;

/** Why a {@link GapRecord} counts records as missing; stored by name in the gap's body. */
public enum GapReason {
    /** Decisions not written because the log had reached its bound in records or bytes. */
    CAPACITY,
    /** Decisions not written because the storage was full (SQLITE_FULL). */
    STORAGE_FULL,
    /** Decisions not written because of any other storage fault. */
    STORAGE_FAULT,
    /** Records purged by the retention rule before they were uploaded. */
    RETENTION
}
