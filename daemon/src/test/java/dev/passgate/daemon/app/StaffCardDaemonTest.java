package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.audit.StaffAction;
import dev.passgate.daemon.audit.StoredEntry;
import dev.passgate.daemon.cli.ChildDaemon;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.hal.serial.SocatPair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Staff confirmation through the real daemon: {@code passgate run} in a child JVM reading a serial reader (a socat
 * pseudo-terminal pair), with two PG1 issuers made by {@code issuer init} and phones by {@code wallet init}, as an
 * operator and phones would. A child's visitor pass is answered "check ID" (kr-2022, EXEMPT_CHECK_ID), which
 * {@code [staff] confirm} names, so it waits; the same visitor scanning again ends that wait as cancelled and waits
 * anew; a staff card (a PG1 credential of the issuer key listed in {@code card_keys}) scanned on the same reader
 * confirms it; a third wait times out after {@code window_s}. After the daemon stopped, the entry log holds the
 * original verdicts, the staff actions and the final outcomes, and {@code passgate log verify} finds it intact.
 * The staff button cannot be driven in a child JVM (the mock plugin lives in-process): the other staff tests do that.
 */
class StaffCardDaemonTest {
    private static final int WAIT_MS = 60_000;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aStaffCardOnTheSerialReaderConfirmsAWaitingEntryAndTheLogRecordsEveryStep() throws Exception {
        assumeTrue(SocatPair.available(), "socat is not installed");
        String staffKid = issuer("staff-issuer");
        issuer("visitor-issuer");
        Path staffCard = credential("staff-issuer", "staff", "1980-04-04");
        Path visitorPass = credential("visitor-issuer", "visitor", "2012-06-06");
        long started = System.nanoTime();
        List<String> seen;
        try (SocatPair reader = SocatPair.start(dir)) {
            ChildDaemon daemon = ChildDaemon.start(dir, config(reader.kiosk(), staffKid), Duration.ofMillis(WAIT_MS),
                    List.of(), "");
            try {
                daemon.awaitLine("kiosk started");
                assertThat(daemon.scan(reader, present(visitorPass, "visitor"))).isEqualTo("PG1 POLICY_REJECTED");
                assertThat(daemon.scan(reader, present(visitorPass, "visitor"))).isEqualTo("PG1 POLICY_REJECTED");
                assertThat(daemon.scan(reader, present(staffCard, "staff"))).isEqualTo("PG1 STAFF_CONFIRMED");
                assertThat(daemon.scan(reader, present(visitorPass, "visitor"))).isEqualTo("PG1 POLICY_REJECTED");
                daemon.awaitLine("ended STAFF_TIMED_OUT");
            } finally {
                assertThat(daemon.stop()).isTrue();
                seen = daemon.seen();
            }
        }
        assertThat(seen).anyMatch(line -> line.contains("staff: entry #1 (POLICY_REJECTED) waits up to 5 s"))
                .anyMatch(line -> line.contains("staff: entry #1 ended STAFF_CANCELLED"));
        List<EntryRecord> records;
        try (EntryLog log = EntryLog.open(dir.resolve("data/entries.db"), "kiosk-staff")) {
            records = log.readFrom(0, 20).stream().map(StoredEntry::record).toList();
        }
        assertThat(records).extracting(EntryRecord::verdict).containsExactly("POLICY_REJECTED", "STAFF_CANCELLED",
                "POLICY_REJECTED", "STAFF_CONFIRMED", "POLICY_REJECTED", "STAFF_TIMED_OUT");
        assertThat(records.get(1).staff()).isEqualTo(new StaffAction("NONE", null, 1, "POLICY_REJECTED"));
        assertThat(records.get(3).staff().by()).isEqualTo("CARD");
        assertThat(records.get(3).staff().card()).matches("[0-9a-f]{32}");
        assertThat(records.get(3).staff().forSequence()).isEqualTo(3);
        assertThat(records.get(5).staff()).isEqualTo(new StaffAction("NONE", null, 5, "POLICY_REJECTED"));
        CliRun verify = CliRun.main("log", "verify", "--config", dir.resolve("passgate.toml").toString());
        assertThat(verify.exitCode()).as(verify.out() + verify.err()).isZero();
        assertThat(verify.out()).contains("\"result\":\"INTACT\"").contains("\"records\":6");
        System.out.println("staff card daemon: " + records.size() + " records, log verify " + verify.out().strip()
                + ", " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started) + " ms");
    }

    /** {@code issuer init}: a PG1 issuer key pair in {@code DIR/name}; returns the key id it prints. */
    private String issuer(String name) {
        CliRun init = CliRun.main("issuer", "init", "--out", dir.resolve(name).toString());
        assertThat(init.exitCode()).as(init.err()).isZero();
        return init.lines().get(0).substring("kid ".length()).strip();
    }

    /** {@code wallet init} and {@code issuer sign}: a phone holding a credential with a booster. */
    private Path credential(String issuer, String holder, String dateOfBirth) throws IOException {
        CliRun wallet = CliRun.main("wallet", "init", "--out", dir.resolve(holder).toString());
        assertThat(wallet.exitCode()).as(wallet.err()).isZero();
        Path data = Files.writeString(dir.resolve(holder + ".json"), "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\""
                + holder.toUpperCase() + "\",\"gnt\":\"TEST\"},\"dob\":\"" + dateOfBirth + "\",\"v\":[{\"tg\":"
                + "\"840539006\",\"vp\":\"J07BX03\",\"mp\":\"EU/1/20/1528\",\"ma\":\"ORG-100030215\",\"dn\":3,"
                + "\"sd\":3,\"dt\":\"2026-01-10\",\"co\":\"KR\"}]}");
        Path credential = dir.resolve(holder + ".cose");
        CliRun sign = CliRun.main("issuer", "sign", "--key", dir.resolve(issuer + "/issuer.key").toString(),
                "--holder-key", dir.resolve(holder + "/holder.pub").toString(), "--data", data.toString(),
                "--valid-days", "365", "--from", Instant.now().minusSeconds(86_400).toString(), "--out",
                credential.toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        return credential;
    }

    /** {@code wallet present}: a fresh presentation, as the phone shows it now. */
    private String present(Path credential, String holder) {
        CliRun present = CliRun.main("wallet", "present", "--credential", credential.toString(), "--key",
                dir.resolve(holder + "/holder.key").toString());
        assertThat(present.exitCode()).as(present.err()).isZero();
        return present.out().strip();
    }

    private Path config(Path port, String staffKid) throws IOException {
        return Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]", "id = \"kiosk-staff\"", "data_dir = \"data\"",
                "[scan.serial]", "enabled = true", "port = \"" + port + "\"", "baud = 9600", "framing = \"CR\"",
                "reopen_interval_ms = 100",
                "[verify]", "policy = \"kr-2022\"",
                "trust = [\"visitor-issuer/issuer.pub\", \"staff-issuer/issuer.pub\"]",
                "[staff]", "confirm = [\"EXEMPT_CHECK_ID\"]", "window_s = 5", "card_keys = [\"" + staffKid + "\"]",
                ""));
    }

}
