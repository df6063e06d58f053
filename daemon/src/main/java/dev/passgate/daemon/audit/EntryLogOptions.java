package dev.passgate.daemon.audit;

import dev.passgate.config.EntryLogConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an {@link EntryLog} keeps its records, besides where: the clock for the times the log stamps itself (gap
 * records, checkpoints, retention), the signing key for checkpoints, the data key for encrypted bodies, the
 * retention, the bounds, the checkpoint triggers, and the authority's public key to seal ENTRY bodies to.
 *
 * <p>Without a signing key no checkpoints are written and no retention is allowed, because a purge must leave a
 * signed checkpoint behind for the remaining chain to start from. A checkpoint is due when
 * {@code checkpointEveryRecords} records (if above 0) have been written since the last one, or when
 * {@code checkpointEvery} (if not zero) has passed since it; the time trigger is looked at on every write and in
 * {@link EntryLog#maintain}. Bounds apply to this device's records ({@code maxRecords}) and to the pages in use
 * in the whole file ({@code maxBytes}).
 */
public record EntryLogOptions(Clock clock, Optional<DeviceKey> signingKey, Optional<BodyCipher> cipher,
                              Optional<Duration> retention, long maxRecords, long maxBytes,
                              int checkpointEveryRecords, Duration checkpointEvery,
                              Optional<AuthorityKey> authority) {
    /** Options that do not seal to the authority. */
    public EntryLogOptions(Clock clock, Optional<DeviceKey> signingKey, Optional<BodyCipher> cipher,
                           Optional<Duration> retention, long maxRecords, long maxBytes, int checkpointEveryRecords,
                           Duration checkpointEvery) {
        this(clock, signingKey, cipher, retention, maxRecords, maxBytes, checkpointEveryRecords, checkpointEvery,
                Optional.empty());
    }

    public EntryLogOptions {
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(signingKey, "signingKey");
        Objects.requireNonNull(cipher, "cipher");
        Objects.requireNonNull(retention, "retention");
        Objects.requireNonNull(checkpointEvery, "checkpointEvery");
        if (retention.isPresent() && (signingKey.isEmpty() || retention.get().isNegative()
                || retention.get().isZero())) {
            throw new IllegalArgumentException("retention " + retention.get() + " needs a positive duration and a"
                    + " signing key, to anchor the chain where records are purged; signing key "
                    + (signingKey.isPresent() ? "given" : "missing"));
        }
        if (maxRecords < 1 || maxBytes < 1 || checkpointEveryRecords < 0 || checkpointEvery.isNegative()) {
            throw new IllegalArgumentException("expected maxRecords >= 1, maxBytes >= 1, checkpointEveryRecords >= 0"
                    + " and checkpointEvery >= 0, found " + maxRecords + ", " + maxBytes + ", "
                    + checkpointEveryRecords + ", " + checkpointEvery);
        }
    }

    /** The system clock, no keys, no retention, no bounds; checkpoints every 100 records or 10 minutes once keyed. */
    public static EntryLogOptions defaults() {
        return new EntryLogOptions(Clock.systemUTC(), Optional.empty(), Optional.empty(), Optional.empty(),
                Long.MAX_VALUE, Long.MAX_VALUE, 100, Duration.ofMinutes(10));
    }

    /** The options a configuration asks for, reading (and on first start creating) the key files it names. */
    public static EntryLogOptions load(EntryLogConfig config, Clock clock) throws IOException {
        DeviceKey key = DeviceKey.fromFile(config.signingKeyFile());
        Optional<BodyCipher> cipher = config.encryption().enabled()
                ? Optional.of(BodyCipher.fromKeyFile(config.encryption().keyFile())) : Optional.empty();
        Optional<AuthorityKey> authority = config.encryption().authorityKeyFile().isPresent()
                ? Optional.of(AuthorityKey.read(config.encryption().authorityKeyFile().get())) : Optional.empty();
        return new EntryLogOptions(clock, Optional.of(key), cipher, Optional.of(config.retention()),
                config.maxRecords(), config.maxMegabytes() * 1024L * 1024L, config.checkpointEveryRecords(),
                config.checkpointEvery(), authority);
    }

    /** The same options, sealing ENTRY bodies to {@code key} as well as (without a data key: instead of) locally. */
    public EntryLogOptions withAuthority(AuthorityKey key) {
        return new EntryLogOptions(clock, signingKey, cipher, retention, maxRecords, maxBytes,
                checkpointEveryRecords, checkpointEvery, Optional.of(key));
    }

    public EntryLogOptions withClock(Clock newClock) {
        return new EntryLogOptions(newClock, signingKey, cipher, retention, maxRecords, maxBytes,
                checkpointEveryRecords, checkpointEvery, authority);
    }

    public EntryLogOptions withSigningKey(DeviceKey key) {
        return new EntryLogOptions(clock, Optional.of(key), cipher, retention, maxRecords, maxBytes,
                checkpointEveryRecords, checkpointEvery, authority);
    }

    public EntryLogOptions withCipher(BodyCipher newCipher) {
        return new EntryLogOptions(clock, signingKey, Optional.of(newCipher), retention, maxRecords, maxBytes,
                checkpointEveryRecords, checkpointEvery, authority);
    }

    public EntryLogOptions withRetention(Duration newRetention) {
        return new EntryLogOptions(clock, signingKey, cipher, Optional.of(newRetention), maxRecords, maxBytes,
                checkpointEveryRecords, checkpointEvery, authority);
    }

    public EntryLogOptions withCapacity(long records, long bytes) {
        return new EntryLogOptions(clock, signingKey, cipher, retention, records, bytes, checkpointEveryRecords,
                checkpointEvery, authority);
    }

    public EntryLogOptions withCheckpoints(int everyRecords, Duration every) {
        return new EntryLogOptions(clock, signingKey, cipher, retention, maxRecords, maxBytes, everyRecords, every,
                authority);
    }
}
