package dev.passgate.daemon.collector;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.audit.AuthorityPrivateKey;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.upload.UploadBatch;
import dev.passgate.daemon.upload.WireFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code passgate collector export}, {@code assign-site} and {@code export-log} on a collector file that holds the
 * sealed logs of two kiosks: a site and a time range, a chain that does not verify (refused, audited), an unsigned
 * tail (flagged), another authority's key (unreadable), and bad input (one line, exit 2, no stack trace).
 */
class CollectorExportCommandTest {
    private static final Instant T0 = Instant.parse("2026-12-13T12:00:00Z");

    @TempDir
    Path dir;

    private Path db;
    private Path key;
    private AuthorityPrivateKey authority;

    @BeforeEach
    void twoSealedKiosksUploaded() throws Exception {
        authority = AuthorityPrivateKey.generate();
        key = authority.writeTo(dir.resolve("authority"));
        db = dir.resolve("collector.db");
        try (CollectorStore store = CollectorStore.open(db, Clock.systemUTC())) {
            for (String device : List.of("gate-1", "gate-2")) {
                DeviceKey signing = DeviceKey.fromFile(dir.resolve(device + ".pem"));
                EntryLogOptions options = EntryLogOptions.defaults().withClock(Clock.fixed(T0, ZoneOffset.UTC))
                        .withSigningKey(signing).withCheckpoints(3, Duration.ZERO)
                        .withAuthority(authority.publicKey());
                try (EntryLog log = EntryLog.open(dir.resolve(device + ".db"), device, options)) {
                    for (int minute = 0; minute < 6; minute++) {
                        log.append(new EntryRecord(T0.plus(Duration.ofMinutes(minute)), minute, "VALID", "HC1",
                                "kid", null, String.format("%032x", minute), "DOE<<JANE|1980-01-0" + minute, true));
                    }
                    store.enroll(device, signing.publicKey().getEncoded());
                    store.ingest(WireFormat.parse(WireFormat.lines(UploadBatch.signed(device, signing,
                            log.readRecords(0, 100), log.checkpoints()))));
                }
            }
        }
    }

    @Test
    void exportsTheDevicesOfASiteBetweenTwoInstantsAsCsvAndAuditsIt() throws Exception {
        for (String device : List.of("gate-1", "gate-2")) {
            CliRun assign = CliRun.main("collector", "assign-site", "--db", db.toString(), "--device", device,
                    "--site", "cafe-7");
            assertThat(assign.exitCode()).as(assign.err()).isZero();
        }
        Path csv = dir.resolve("out.csv");

        CliRun export = export("--site", "cafe-7", "--from", "2026-12-13T13:01+01:00", "--to",
                T0.plus(Duration.ofMinutes(3)).toString(), "--key", key.toString(), "--out", csv.toString());

        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).startsWith("exported 4 rows (4 entries, 0 unreadable, 0 not verified");
        List<String> lines = Files.readAllLines(csv);
        assertThat(lines).hasSize(5);
        assertThat(lines.get(0)).isEqualTo(String.join(",", AuthorityExport.COLUMNS));
        assertThat(lines.get(1)).isEqualTo("gate-1,2,2026-12-13T12:01:00Z,ENTRY,verified,authority,true,VALID,HC1,"
                + "kid,,00000000000000000000000000000001,DOE<<JANE|1980-01-01,true,");
        assertThat(lines.subList(1, 5)).extracting(line -> line.substring(0, line.indexOf(',', 7)))
                .containsExactly("gate-1,2", "gate-1,3", "gate-2,2", "gate-2,3");
        CBORObject audit = CBORObject.FromJSONString(CliRun.main("collector", "export-log", "--db", db.toString())
                .lines().get(0));
        assertThat(audit.get("scope").AsString()).isEqualTo("site");
        assertThat(audit.get("target").AsString()).isEqualTo("cafe-7");
        assertThat(audit.get("from").AsString()).isEqualTo("2026-12-13T12:01:00Z");
        assertThat(audit.get("rows").AsInt64Value()).isEqualTo(4);
    }

    @Test
    void refusesAndAuditsAnExportWhoseChainDoesNotVerifyAndFlagsItWhenAskedTo() throws Exception {
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement statement = sql.createStatement()) {
            statement.executeUpdate("UPDATE records SET wall_time_ms = wall_time_ms + 1 WHERE device_id = 'gate-1'"
                    + " AND seq = 2");
        }

        CliRun refused = export("--device", "gate-1", "--from", T0.toString(), "--to", T0.plusSeconds(3600).toString(),
                "--key", key.toString());
        CliRun flagged = export("--device", "gate-1", "--from", T0.toString(), "--to", T0.plusSeconds(3600).toString(),
                "--key", key.toString(), "--format", "jsonl", "--allow-unverified");

        assertThat(refused.exitCode()).isEqualTo(1);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("refused").contains("chain TAMPERED at seq 2");
        assertThat(flagged.exitCode()).isEqualTo(1);
        assertThat(flagged.lines()).hasSize(6).allSatisfy(line -> assertThat(line).contains("\"chain\":\"TAMPERED\""));
        List<String> audit = CliRun.main("collector", "export-log", "--db", db.toString()).lines();
        assertThat(audit).hasSize(2);
        assertThat(audit.get(0)).contains("\"outcome\":\"refused\"").contains("\"rows\":0");
        assertThat(audit.get(1)).contains("\"outcome\":\"exported\"").contains("\"flagged\":6");
    }

    @Test
    void flagsRecordsNoSignedCheckpointVouchesForYet() throws Exception {
        DeviceKey signing = DeviceKey.fromFile(dir.resolve("gate-2.pem"));
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(signing).withCheckpoints(0,
                Duration.ofDays(1)).withAuthority(authority.publicKey());
        try (CollectorStore store = CollectorStore.open(db, Clock.systemUTC());
             EntryLog log = EntryLog.open(dir.resolve("gate-2.db"), "gate-2", options)) {
            log.append(new EntryRecord(T0.plus(Duration.ofMinutes(7)), 7, "VALID", "HC1", null, null, true));
            store.ingest(WireFormat.parse(WireFormat.lines(UploadBatch.signed("gate-2", signing,
                    log.readRecords(6, 100), List.of()))));
        }

        CliRun export = export("--device", "gate-2", "--from", T0.toString(), "--to", T0.plusSeconds(3600).toString(),
                "--key", key.toString(), "--format", "jsonl");

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.lines()).extracting(line -> CBORObject.FromJSONString(line).get("chain").AsString())
                .containsExactly("verified", "verified", "verified", "verified", "verified", "verified",
                        "unsigned_tail");
        assertThat(export.err()).contains("7 rows").contains("1 not verified by a signed checkpoint");
    }

    @Test
    void cannotReadBodiesSealedToAnotherAuthority() throws Exception {
        Path other = AuthorityPrivateKey.generate().writeTo(dir.resolve("other"));

        CliRun export = export("--device", "gate-2", "--from", T0.toString(), "--to", T0.plusSeconds(3600).toString(),
                "--key", other.toString(), "--format", "jsonl");

        assertThat(export.exitCode()).isEqualTo(1);
        assertThat(export.lines()).hasSize(6).allSatisfy(line -> assertThat(line).contains("\"readable\":false")
                .contains("is sealed to authority key").contains("\"holder\":null"));
        assertThat(export.err()).contains("6 unreadable");
    }

    @Test
    void answersBadInputWithOneLineAndExitStatus2() throws Exception {
        Path notAKey = Files.writeString(dir.resolve("note.txt"), "hello");
        Path exists = Files.writeString(dir.resolve("exists.csv"), "");
        String from = T0.toString();
        String to = T0.plusSeconds(60).toString();
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"export", "--device", "gate-1", "--from", from, "--to", to});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--site", "s", "--from", from,
            "--to", to});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", "yesterday", "--to",
            to});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", to, "--to", from});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", from, "--to", to,
            "--format", "xml"});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", from, "--to", to,
            "--key", notAKey.toString()});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", from, "--to", to,
            "--key", dir.resolve("gate-1.pem").toString()});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", from, "--to", to,
            "--key", dir.resolve("missing.key").toString()});
        bad.add(new String[] {"export", "--db", dir.resolve("none.db").toString(), "--device", "gate-1", "--from",
            from, "--to", to});
        bad.add(new String[] {"export", "--db", dir.resolve("gate-1.db").toString(), "--device", "gate-1", "--from",
            from, "--to", to});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-9", "--from", from, "--to", to});
        bad.add(new String[] {"export", "--db", notAKey.toString(), "--device", "gate-1", "--from", from, "--to", to});
        bad.add(new String[] {"export-log", "--db", notAKey.toString()});
        bad.add(new String[] {"export", "--db", db.toString(), "--site", "nowhere", "--from", from, "--to", to});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate 1", "--from", from, "--to", to});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", from, "--to", to,
            "--out", exists.toString()});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", from, "--to", to,
            "--out", dir.resolve("no/such/folder.csv").toString()});
        bad.add(new String[] {"export", "--db", db.toString(), "--device", "gate-1", "--from", from, "--to", to,
            "--bogus"});
        bad.add(new String[] {"assign-site", "--db", db.toString(), "--device", "gate-1", "--site", "a b"});
        bad.add(new String[] {"export-log", "--db", dir.resolve("none.db").toString()});
        bad.add(new String[] {"authority-keygen"});
        for (String[] args : bad) {
            String[] full = new String[args.length + 1];
            full[0] = "collector";
            System.arraycopy(args, 0, full, 1, args.length);
            CliRun run = CliRun.main(full);
            assertThat(run.exitCode()).as(String.join(" ", args) + " -> " + run.err()).isEqualTo(2);
            assertThat(run.err().lines().toList()).as(String.join(" ", args)).singleElement()
                    .satisfies(line -> assertThat(line).startsWith("passgate collector ")
                            .doesNotContain("Exception").doesNotContain("\tat "));
        }
        CliRun again = CliRun.main("collector", "authority-keygen", "--out", key.getParent().toString());
        assertThat(again.exitCode()).isEqualTo(1);
        assertThat(again.err()).contains("a key is never overwritten");
        assertThat(CliRun.main("collector", "export-log", "--db", db.toString()).lines()).isEmpty();
    }

    private CliRun export(String... args) {
        String[] full = new String[args.length + 4];
        full[0] = "collector";
        full[1] = "export";
        full[2] = "--db";
        full[3] = db.toString();
        System.arraycopy(args, 0, full, 4, args.length);
        return CliRun.main(full);
    }
}
