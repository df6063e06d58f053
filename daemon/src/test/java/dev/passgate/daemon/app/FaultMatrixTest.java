package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.EntryLogConfig;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.RestartRecord;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.audit.StoredRecord;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.cli.ClockCommand;
import dev.passgate.daemon.clock.TimeFloor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults injected into a real daemon ({@code passgate run} in a child JVM, standard input as the reader): a wall
 * clock set wrong with libfaketime, and the data folder damaged between runs (the tail cut, a row deleted, the file
 * truncated, the WAL deleted after kill -9, a garbage replay cache, an empty site secret, a damaged signing key).
 * For each: the daemon starts and decides (or refuses with a technician's error that names the recovery), every
 * acknowledged record is kept, sequence numbers never repeat, and {@code passgate log verify} tells the truth.
 * docs/reliability.md lists what each case proves. Prints one {@code fault matrix:} line per case.
 */
class FaultMatrixTest {
    private static final Duration RETENTION = EntryLogConfig.DEFAULT_RETENTION;
    /** Scans in the shared seed log ({@link #seeded}). */
    private static final int SEEDED = 6;
    private static Path seedTemplate;

    @TempDir
    Path dir;

    private static int startsBefore;
    private static long startedNanos;

    @BeforeAll
    static void startClock() {
        startsBefore = FaultKiosk.STARTS.get();
        startedNanos = System.nanoTime();
    }

    @AfterAll
    static void printFigures() {
        System.out.println(FaultKiosk.figures("FaultMatrixTest", startsBefore, startedNanos));
    }

    @Test
    void aClockThirtyDaysAheadAtStartPurgesNothingNotUploadedAndTheGateKeepsDeciding() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        int seeded = seed(kiosk, Instant.now().minus(Duration.ofDays(20)), 20);

        Process daemon = kiosk.start("+30d");
        FaultKiosk.feed(daemon, FaultKiosk.scans("ahead", 3));
        FaultKiosk.await(daemon, () -> kiosk.entryCount() == seeded + 3, "three decisions logged");
        FaultKiosk.await(daemon, () -> errContains(kiosk, "not trusted for purging"), "the upkeep's judgement");
        FaultKiosk.Run run = kiosk.finish(daemon);

        List<StoredEntry> entries = kiosk.entries();
        FaultKiosk.Verified verified = kiosk.verify();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(entries).hasSize(seeded + 3);
        assertThat(entries.get(seeded).record().wallTime()).isAfter(Instant.now().plus(Duration.ofDays(29)));
        assertThat(verified.result()).isEqualTo("INTACT");
        assertThat(verified.number("purged_not_uploaded")).isZero();
        System.out.println("fault matrix: clock +30 d at start: seeded=" + seeded + " (20 days old, not uploaded)"
                + " kept=" + (entries.size() - 3) + " decisions-logged=3 verify=" + verified.json());
    }

    @Test
    void aClockThirtyDaysAheadWhileRunningIsUntrustedAndPurgesNothing() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        int seeded = seed(kiosk, Instant.now().minus(Duration.ofDays(20)), 10);
        Path offset = Files.writeString(dir.resolve("faketime-offset"), "+0d\n");

        Process daemon = kiosk.start(java.util.Map.of("LD_PRELOAD",
                "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1", "FAKETIME_TIMESTAMP_FILE", offset.toString(),
                "FAKETIME_NO_CACHE", "1", "FAKETIME_DONT_FAKE_MONOTONIC", "1"));
        FaultKiosk.feed(daemon, FaultKiosk.scans("before", 2));
        FaultKiosk.await(daemon, () -> kiosk.entryCount() == seeded + 2, "two decisions before the jump");
        Files.writeString(offset, "+30d\n");
        FaultKiosk.feed(daemon, FaultKiosk.scans("after", 2));
        FaultKiosk.await(daemon, () -> kiosk.entryCount() == seeded + 4, "two decisions after the jump");
        FaultKiosk.Run run = kiosk.finish(daemon);

        List<StoredEntry> entries = kiosk.entries();
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(entries).hasSize(seeded + 4);
        assertThat(entries.subList(seeded + 2, seeded + 4)).allSatisfy(entry -> {
            assertThat(entry.record().wallTime()).isAfter(Instant.now().plus(Duration.ofDays(29)));
            assertThat(entry.record().clockTrusted()).as("a jump against the monotonic clock").isFalse();
        });
        assertThat(kiosk.verify().result()).isEqualTo("INTACT");
        System.out.println("fault matrix: clock +30 d while running: kept=" + seeded + " after-jump-untrusted=2");
    }

    @Test
    void aClockOneDayBehindKeepsDecidingAndNeverReusesSequenceNumbers() throws Exception {
        FaultKiosk kiosk = seeded(dir);
        long lastBefore = lastSequence(kiosk.records());

        FaultKiosk.Run behind = kiosk.run("-1d", FaultKiosk.scans("behind", 3));

        List<StoredEntry> entries = kiosk.entries();
        assertThat(behind.exitCode()).as(behind.err()).isZero();
        assertThat(entries).hasSize(SEEDED + 3);
        assertThat(entries.subList(SEEDED, SEEDED + 3)).allSatisfy(entry -> {
            assertThat(entry.sequence()).isGreaterThan(lastBefore);
            assertThat(entry.record().clockTrusted()).as("below the floor of the last logged time").isFalse();
        });
        assertThat(kiosk.verify().result()).isEqualTo("INTACT");
        System.out.println("fault matrix: clock -1 d at start: decisions=3 untrusted=3 last-before=" + lastBefore
                + " first-after=" + entries.get(SEEDED).sequence());
    }

    @Test
    void aFloorPushedFourHundredDaysAheadIsResetByTheTechnicianAndTheResetIsLogged() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        assertThat(kiosk.run("+400d", FaultKiosk.scans("far", 2)).exitCode()).isZero();
        Process right = kiosk.start((String) null);
        FaultKiosk.feed(right, FaultKiosk.scans("right", 1));
        FaultKiosk.await(right, () -> kiosk.entryCount() == 3, "a decision with the right clock");
        FaultKiosk.await(right, () -> Files.exists(kiosk.data.resolve("control/passgate.sock")), "control socket");
        CliRun whileRunning = CliRun.main("clock", "reset-floor", "--config", kiosk.config.toString());
        FaultKiosk.Run rightRun = kiosk.finish(right);
        assertThat(rightRun.exitCode()).isZero();
        boolean untrustedBeforeReset = !last(kiosk.entries()).record().clockTrusted();
        java.util.regex.Matcher held = java.util.regex.Pattern.compile("clock at start \\(no signed time known\\)"
                + " \\S+; the floor is held at (\\S+)").matcher(rightRun.err());

        CliRun reset = CliRun.main("clock", "reset-floor", "--config", kiosk.config.toString());
        FaultKiosk.Run after = kiosk.run(null, FaultKiosk.scans("recovered", 1));

        List<StoredEntry> entries = kiosk.entries();
        assertThat(untrustedBeforeReset).as("a floor taken from a clock 400 days ahead holds").isTrue();
        assertThat(held.find()).as("no signed time: the floor is bounded by the clock at start " + rightRun.err())
                .isTrue();
        Instant heldAt = Instant.parse(held.group(1));
        assertThat(heldAt).as("at most a day past the clock at start, not 400 days")
                .isBefore(Instant.now().plus(TimeFloor.SIGNED_MARGIN).plus(Duration.ofMinutes(5)));
        assertThat(whileRunning.exitCode()).isEqualTo(1);
        assertThat(whileRunning.err()).contains("the daemon is running");
        assertThat(reset.exitCode()).as(reset.err()).isZero();
        assertThat(after.exitCode()).as(after.err()).isZero();
        assertThat(entries).anySatisfy(entry ->
                assertThat(entry.record().verdict()).isEqualTo(ClockCommand.RESET_VERDICT));
        assertThat(last(entries).record().clockTrusted()).as("trusted again after the reset").isTrue();
        assertThat(kiosk.verify().result()).isEqualTo("INTACT");
        System.out.println("fault matrix: clock +400 d then right: floor-held-at=" + heldAt + " (no signed time;"
                + " " + Duration.between(Instant.now(), heldAt).toMinutes() + " min from now)"
                + " untrusted-before-reset=" + untrustedBeforeReset
                + " reset=" + reset.out().strip() + " trusted-after=true");
    }

    @Test
    void aCutTailIsReportedAndTheNextStartContinuesAboveTheReservation() throws Exception {
        FaultKiosk kiosk = seeded(dir);
        long lastIssued = lastSequence(kiosk.records());
        sql(kiosk, "DELETE FROM records WHERE seq > " + (lastIssued - 3),
                "DELETE FROM checkpoints WHERE seq > " + (lastIssued - 3));

        FaultKiosk.Verified cut = kiosk.verify();
        FaultKiosk.Run next = kiosk.run(null, FaultKiosk.scans("next", 2));
        List<StoredRecord> records = kiosk.records();
        FaultKiosk.Verified afterwards = kiosk.verify();

        assertThat(cut.result()).isEqualTo("INTACT");
        assertThat(cut.json().get("possibly_truncated").AsBoolean()).as(cut.json().toString()).isTrue();
        assertThat(cut.number("reserved_through")).isEqualTo(lastIssued);
        assertThat(next.exitCode()).as(next.err()).isZero();
        RestartRecord restart = restartAfter(records, lastIssued - 3);
        assertThat(restart.afterSequence()).isEqualTo(lastIssued);
        assertThat(lastSequence(records)).isGreaterThan(lastIssued + 1);
        assertThat(afterwards.result()).isEqualTo("INTACT");
        assertThat(afterwards.number("skipped_sequences")).isEqualTo(3);
        System.out.println("fault matrix: tail cut: issued-through=" + lastIssued + " verify-before=" + cut.json()
                + " restart-after=" + restart.afterSequence() + " verify-after=" + afterwards.json());
    }

    @Test
    void aDeletedRowIsReportedAndTheGateKeepsDeciding() throws Exception {
        FaultKiosk kiosk = seeded(dir);
        long lastIssued = lastSequence(kiosk.records());
        sql(kiosk, "DELETE FROM records WHERE seq = 3");

        FaultKiosk.Run next = kiosk.run(null, FaultKiosk.scans("next", 2));
        FaultKiosk.Verified verified = kiosk.verify();

        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(kiosk.entries()).hasSize(SEEDED + 1);
        assertThat(lastSequence(kiosk.records())).isGreaterThan(lastIssued);
        assertThat(verified.exitCode()).isEqualTo(1);
        assertThat(verified.result()).isEqualTo("BROKEN");
        assertThat(verified.json().get("problem").AsString()).isEqualTo("GAP");
        assertThat(verified.number("sequence")).isEqualTo(3);
        System.out.println("fault matrix: row deleted: decisions-after=2 verify=" + verified.json());
    }

    @Test
    void aTruncatedFileIsSetAsideAndANewLogStartsAboveEveryIssuedNumber() throws Exception {
        FaultKiosk kiosk = seeded(dir);
        long lastIssued = lastSequence(kiosk.records());
        try (var channel = java.nio.channels.FileChannel.open(kiosk.log(), java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(Files.size(kiosk.log()) / 2);
        }

        FaultKiosk.Run next = kiosk.run(null, FaultKiosk.scans("next", 2));
        List<StoredRecord> records = kiosk.records();

        assertThat(next.exitCode()).as(next.err()).isZero();
        try (var aside = Files.list(kiosk.data)) {
            assertThat(aside.map(Path::getFileName).map(Path::toString))
                    .anySatisfy(name -> assertThat(name).startsWith("entries.db.corrupt-"));
        }
        assertThat(records.get(0).record()).isInstanceOf(RestartRecord.class);
        assertThat(((RestartRecord) records.get(0).record()).afterSequence()).isGreaterThanOrEqualTo(lastIssued);
        assertThat(kiosk.entries()).hasSize(2);
        assertThat(kiosk.verify().result()).isEqualTo("INTACT");
        System.out.println("fault matrix: file truncated: set aside, restart-after="
                + ((RestartRecord) records.get(0).record()).afterSequence() + " issued-through=" + lastIssued);
    }

    @Test
    void aWalDeletedAfterKillNineIsShownAsAPossiblyTruncatedTailAndNoNumberIsReused() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        Process daemon = kiosk.start((String) null);
        FaultKiosk.feed(daemon, FaultKiosk.scans("wal", 5));
        FaultKiosk.await(daemon, () -> kiosk.entryCount() == 5, "five decisions logged");
        long lastAcknowledged = lastSequence(kiosk.records());
        kiosk.kill(daemon);
        Files.deleteIfExists(kiosk.log().resolveSibling(Kiosk.ENTRY_LOG_FILE + "-wal"));
        Files.deleteIfExists(kiosk.log().resolveSibling(Kiosk.ENTRY_LOG_FILE + "-shm"));

        long mark = EntryLog.reservationMark(kiosk.log(), FaultKiosk.DEVICE);
        FaultKiosk.Verified lost = kiosk.verify();
        FaultKiosk.Run next = kiosk.run(null, FaultKiosk.scans("next", 2));
        List<StoredRecord> records = kiosk.records();
        List<StoredEntry> entries = kiosk.entries();
        FaultKiosk.Verified afterwards = kiosk.verify();

        assertThat(next.exitCode()).as(next.err()).isZero();
        assertThat(mark).as("the reservation mark covers every acknowledged number").isGreaterThanOrEqualTo(
                lastAcknowledged);
        assertThat(lost.exitCode() != 0 || lost.json().get("possibly_truncated").AsBoolean())
                .as("log verify does not call the log whole: " + lost).isTrue();
        assertThat(restartAfter(records, 0).afterSequence()).isEqualTo(mark);
        assertThat(entries.subList(entries.size() - 2, entries.size())).allSatisfy(entry ->
                assertThat(entry.sequence()).isGreaterThan(mark));
        assertThat(afterwards.result()).isEqualTo("INTACT");
        System.out.println("fault matrix: WAL deleted after kill -9: acknowledged-through=" + lastAcknowledged
                + " reserved-through=" + mark + " verify-before=" + (lost.json() == null ? "exit " + lost.exitCode()
                + " " + lost.err().strip() : lost.json()) + " verify-after=" + afterwards.json());
    }

    @Test
    void aGarbageReplayCacheIsSetAsideAndTheKioskStarts() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        Files.createDirectories(kiosk.data);
        byte[] garbage = new byte[8192];
        new Random(15).nextBytes(garbage);
        Files.write(kiosk.data.resolve(Kiosk.REPLAY_CACHE_FILE), garbage);

        FaultKiosk.Run run = kiosk.run(null, FaultKiosk.scans("replay", 2));

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err()).contains("replay cache").contains("damaged");
        try (var files = Files.list(kiosk.data)) {
            assertThat(files.map(Path::getFileName).map(Path::toString))
                    .anySatisfy(name -> assertThat(name).startsWith("replay.db.corrupt-"));
        }
        assertThat(kiosk.entries()).hasSize(2);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kiosk.data))).isEqualTo("rwx------");
        for (String name : List.of(Kiosk.ENTRY_LOG_FILE, Kiosk.REPLAY_CACHE_FILE, "site-secret",
                EntryLogConfig.DEFAULT_SIGNING_KEY_NAME)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(kiosk.data.resolve(name))))
                    .as(name).isEqualTo("rw-------");
        }
        System.out.println("fault matrix: replay cache garbage: set aside, decisions=2, data folder 0700, files 0600");
    }

    @Test
    void aPg1PresentationAdmittedBeforeTheReplayCacheWasDamagedIsReplayedAfterTheRestart() throws Exception {
        Path issuer = dir.resolve("issuer");
        Path wallet = dir.resolve("wallet");
        assertThat(CliRun.main("issuer", "init", "--out", issuer.toString()).exitCode()).isZero();
        assertThat(CliRun.main("wallet", "init", "--out", wallet.toString()).exitCode()).isZero();
        String vaccinated = java.time.LocalDate.now(ZoneOffset.UTC).minusDays(30).toString();
        Files.writeString(dir.resolve("health.json"), "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"HONG\",\"gnt\":"
                + "\"GILDONG\"},\"dob\":\"1990-05-17\",\"v\":[{\"tg\":\"840539006\",\"vp\":\"J07BX03\",\"mp\":"
                + "\"EU/1/20/1528\",\"ma\":\"ORG-100030215\",\"dn\":2,\"sd\":2,\"dt\":\"" + vaccinated
                + "\",\"co\":\"KR\"}]}");
        CliRun sign = CliRun.main("issuer", "sign", "--key", issuer.resolve("issuer.key").toString(), "--holder-key",
                wallet.resolve("holder.pub").toString(), "--data", dir.resolve("health.json").toString(),
                "--valid-days", "30", "--from", Instant.now().minus(Duration.ofDays(1)).toString(),
                "--out", dir.resolve("credential.cose").toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        String[] present = {"wallet", "present", "--credential", dir.resolve("credential.cose").toString(), "--key",
            wallet.resolve("holder.key").toString()};
        String admitted = CliRun.main(present).out().strip();
        assertThat(admitted).startsWith("PG1:");
        FaultKiosk kiosk = new FaultKiosk(dir, List.of("freshness_s = 300", "passback = \"off\""),
                List.of("[verify]", "trust = [\"" + issuer.resolve("issuer.pub") + "\"]"));
        Files.createFile(dir.resolve("no-such-sync-flag"));

        FaultKiosk.Run first = kiosk.run(null, admitted);
        byte[] garbage = new byte[8192];
        new Random(15).nextBytes(garbage);
        Files.write(kiosk.data.resolve(Kiosk.REPLAY_CACHE_FILE), garbage);
        String other = CliRun.main(present).out().strip();
        FaultKiosk.Run second = kiosk.run(null, admitted, other);

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.err()).contains("damaged").contains("rebuilt from the entry log: 1 admitted PG1");
        List<StoredEntry> entries = kiosk.entries();
        assertThat(entries).extracting(e -> e.record().verdict()).containsExactly("VALID", "REPLAYED", "VALID");
        assertThat(entries.get(0).record().replayDigest()).matches("[0-9a-f]{32}");
        assertThat(entries.get(1).record().replayDigest()).isNull();
        assertThat(entries.get(2).record().replayDigest()).matches("[0-9a-f]{32}")
                .isNotEqualTo(entries.get(0).record().replayDigest());
        assertThat(first.err() + second.err()).doesNotContain("HONG").doesNotContain("1990")
                .doesNotContain(entries.get(0).record().replayDigest());
        System.out.println("fault matrix: replay cache garbage after a PG1 admission: rebuilt from the log, "
                + "verdicts=" + entries.stream().map(e -> e.record().verdict()).toList());
    }

    @Test
    void anEmptySiteSecretOrADamagedKeyIsATechniciansErrorWithTheRecoveryAndARotationIsLogged() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        assertThat(kiosk.run(null, FaultKiosk.scans("first", 2)).exitCode()).isZero();
        Path secret = kiosk.data.resolve("site-secret");
        byte[] goodSecret = Files.readAllBytes(secret);
        Files.write(secret, new byte[0]);

        FaultKiosk.Run emptySecret = kiosk.run(null, FaultKiosk.scans("x", 1));
        Files.write(secret, goodSecret);
        Path key = kiosk.data.resolve(EntryLogConfig.DEFAULT_SIGNING_KEY_NAME);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\ngarbage\n-----END PRIVATE KEY-----\n");
        FaultKiosk.Run damagedKey = kiosk.run(null, FaultKiosk.scans("x", 1));
        Files.move(key, key.resolveSibling(key.getFileName() + ".damaged"));
        FaultKiosk.Run rotated = kiosk.run(null, FaultKiosk.scans("rotated", 1));

        assertThat(emptySecret.exitCode()).isEqualTo(KioskException.EXIT_NEEDS_TECHNICIAN);
        assertThat(emptySecret.err()).contains("site secret file").contains("has 0 bytes, expected 32").contains("mv ");
        assertThat(damagedKey.exitCode()).isEqualTo(KioskException.EXIT_NEEDS_TECHNICIAN);
        assertThat(damagedKey.err()).contains("signing key").contains("mv ").contains("passgate log pubkey");
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.err()).contains("signing key rotated");
        assertThat(kiosk.entries()).anySatisfy(entry ->
                assertThat(entry.record().verdict()).isEqualTo(StartupFiles.KEY_ROTATED));
        assertThat(kiosk.entries()).hasSize(2 + 1 + 1);
        System.out.println("fault matrix: site secret empty: exit=" + emptySecret.exitCode() + "; key damaged: exit="
                + damagedKey.exitCode() + "; moved aside: started, rotation logged");
    }

    /**
     * A kiosk whose data folder is a copy of one a daemon left after a clean run of {@value #SEEDED} malformed scans
     * with the right clock: the cases that start from such a log share that one run instead of a start each.
     */
    private static synchronized FaultKiosk seeded(Path dir) throws Exception {
        if (seedTemplate == null) {
            Path folder = Files.createTempDirectory("fault-matrix-seed");
            FaultKiosk seed = new FaultKiosk(folder);
            assertThat(seed.run(null, FaultKiosk.scans("seed", SEEDED)).exitCode()).isZero();
            seedTemplate = seed.data;
        }
        FaultKiosk kiosk = new FaultKiosk(dir);
        Files.createDirectories(kiosk.data);
        try (var files = Files.list(seedTemplate)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, kiosk.data.resolve(file.getFileName()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return kiosk;
    }

    @AfterAll
    static void removeSeed() throws Exception {
        if (seedTemplate != null) {
            try (var paths = Files.walk(seedTemplate.getParent())) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(path);
                }
            }
        }
    }

    /** Writes {@code count} scan records stamped from {@code from}, one a minute, as an earlier run would have. */
    private static int seed(FaultKiosk kiosk, Instant from, int count) throws Exception {
        Files.createDirectories(kiosk.data);
        DeviceKey key = DeviceKey.fromFile(kiosk.data.resolve(EntryLogConfig.DEFAULT_SIGNING_KEY_NAME));
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(key).withRetention(RETENTION)
                .withClock(Clock.fixed(from.plus(Duration.ofMinutes(count)), ZoneOffset.UTC));
        try (EntryLog log = EntryLog.open(kiosk.log(), FaultKiosk.DEVICE, options)) {
            for (int i = 0; i < count; i++) {
                Appended appended = log.append(new EntryRecord(from.plus(Duration.ofMinutes(i)), i, "MALFORMED",
                        "UNKNOWN", null, null, true));
                assertThat(appended).isInstanceOf(Appended.Written.class);
            }
        }
        return count;
    }

    private static void sql(FaultKiosk kiosk, String... statements) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + kiosk.log());
             Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    private static RestartRecord restartAfter(List<StoredRecord> records, long sequence) {
        return records.stream().filter(r -> r.sequence() > sequence && r.record() instanceof RestartRecord)
                .map(r -> (RestartRecord) r.record()).findFirst()
                .orElseThrow(() -> new AssertionError("no restart record after " + sequence + ": " + records));
    }

    private static long lastSequence(List<StoredRecord> records) {
        return records.get(records.size() - 1).sequence();
    }

    private static StoredEntry last(List<StoredEntry> list) {
        return list.get(list.size() - 1);
    }

    private static boolean errContains(FaultKiosk kiosk, String text) {
        try {
            return kiosk.err().contains(text);
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
