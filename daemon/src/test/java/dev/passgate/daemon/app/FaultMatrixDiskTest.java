package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.GapRecord;
import dev.passgate.daemon.audit.StoredRecord;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.demo.DemoPasses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The full-disk rows of the fault matrix ({@link FaultMatrixTest} has the others), through the real daemon
 * ({@link FaultKiosk}): the data folder is a 4 MiB tmpfs (needs root; skipped, with a reason, without it) filled with
 * a file until {@code ENOSPC}. A full disk at start and while running, kill -9 while full, space coming back, a first
 * start with no files at all, and the door policy {@code gate.on_full_disk = "closed"} with passes that verify.
 * Prints one {@code fault matrix:} line per case; docs/reliability.md lists what each proves.
 */
class FaultMatrixDiskTest {
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
        System.out.println(FaultKiosk.figures("FaultMatrixDiskTest", startsBefore, startedNanos));
    }

    @Test
    void aFullDiskAtStartAndWhileRunningKeepsDecidingAndEveryLossSurvivesKillNine() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        Files.createDirectories(kiosk.data);
        Assumptions.assumeTrue(command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", kiosk.data.toString()) == 0,
                "needs root to mount a small tmpfs as the data folder");
        try {
            assertThat(kiosk.run(null, FaultKiosk.scans("room", 3)).exitCode()).isZero();
            Path filler = fill(kiosk.data);

            Process fullAtStart = kiosk.start((String) null);
            FaultKiosk.feed(fullAtStart, FaultKiosk.scans("full", 4));
            FaultKiosk.await(fullAtStart, () -> unlogged(kiosk) == 4, "four decisions made on a full disk");
            kiosk.kill(fullAtStart);
            String reserve = Files.readString(kiosk.data.resolve(Kiosk.ENTRY_LOG_FILE + ".losses")).strip();

            Process running = kiosk.start((String) null);
            FaultKiosk.feed(running, FaultKiosk.scans("still-full", 2));
            FaultKiosk.await(running, () -> unlogged(kiosk) == 2, "two more decisions on a full disk");
            Files.delete(filler);
            FaultKiosk.feed(running, FaultKiosk.scans("room-again", 1));
            FaultKiosk.await(running, () -> kiosk.errContainsLogged(), "a decision logged once there is room");
            FaultKiosk.Run run = kiosk.finish(running);

            List<StoredRecord> records = kiosk.records();
            long lost = records.stream().filter(r -> r.record() instanceof GapRecord)
                    .mapToLong(r -> ((GapRecord) r.record()).count()).sum();
            FaultKiosk.Verified verified = kiosk.verify();
            assertThat(run.exitCode()).as(run.err()).isZero();
            assertThat(reserve).as("the loss count survived kill -9").containsPattern("STORAGE_(FULL|FAULT) 4 ");
            assertThat(kiosk.entries()).hasSize(3 + 1);
            assertThat(lost).as("every decision made on the full disk is counted in a gap record").isEqualTo(6);
            assertThat(verified.result()).isEqualTo("INTACT");
            assertThat(verified.number("lost_decisions")).isEqualTo(6);
            System.out.println("fault matrix: disk full at start, kill -9 while full, running, space returns:"
                    + " decisions-on-full-disk=6 reserve-after-kill='" + reserve.lines().skip(1).findFirst()
                    .orElse("") + "' gap-records-count=" + lost + " verify=" + verified.json());
        } finally {
            command("umount", "-l", kiosk.data.toString());
        }
    }

    @Test
    void aFirstStartOnAFullDiskWithNoFilesDecidesCountsEveryLossAndLogsTheGapOnceThereIsRoom() throws Exception {
        FaultKiosk kiosk = new FaultKiosk(dir);
        Files.createDirectories(kiosk.data);
        Assumptions.assumeTrue(command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", kiosk.data.toString()) == 0,
                "needs root to mount a small tmpfs as the data folder");
        try {
            Path filler = fill(kiosk.data);

            Process first = kiosk.start((String) null);
            FaultKiosk.feed(first, FaultKiosk.scans("first-full", 3));
            FaultKiosk.await(first, () -> unlogged(kiosk) == 3, "three decisions made on a full disk, no log file");
            Path socket = kiosk.data.resolve("control/passgate.sock");
            FaultKiosk.await(first, () -> Files.exists(socket), "control socket");
            CliRun status = CliRun.main("status", "--socket", socket.toString(), "--json");
            boolean noLogFile = !Files.exists(kiosk.log());
            Files.delete(filler);
            FaultKiosk.Run stopped = kiosk.finish(first);
            String reserve = Files.readString(kiosk.data.resolve(Kiosk.ENTRY_LOG_FILE + ".losses")).strip();

            FaultKiosk.Run next = kiosk.run(null, FaultKiosk.scans("room", 1));
            List<StoredRecord> records = kiosk.records();
            long lost = records.stream().filter(r -> r.record() instanceof GapRecord)
                    .mapToLong(r -> ((GapRecord) r.record()).count()).sum();
            FaultKiosk.Verified verified = kiosk.verify();

            assertThat(stopped.exitCode()).as(stopped.err()).isZero();
            assertThat(stopped.err()).contains("cannot be made").contains("every decision counted as lost");
            assertThat(noLogFile).as("nothing was written on the full disk").isTrue();
            assertThat(status.exitCode()).as(status.out() + status.err()).isEqualTo(1);
            assertThat(status.out()).contains("degraded").contains("has no file").contains("the disk is full")
                    .contains("counted in memory only");
            assertThat(reserve).as("the count reached the reserve once there was room").contains("STORAGE_FULL 3 ");
            assertThat(next.exitCode()).as(next.err()).isZero();
            assertThat(kiosk.entries()).hasSize(1);
            assertThat(lost).as("every decision of the first run is counted in a gap record").isEqualTo(3);
            assertThat(verified.result()).isEqualTo("INTACT");
            assertThat(verified.number("lost_decisions")).isEqualTo(3);
            System.out.println("fault matrix: disk full at the first start (no files): decisions=3 status-problems="
                    + com.upokecenter.cbor.CBORObject.FromJSONString(status.out().strip()).get("problems")
                    + " reserve-after-room='"
                    + reserve.lines().skip(1).findFirst().orElse("") + "' gap-records-count=" + lost
                    + " verify=" + verified.json());
        } finally {
            command("umount", "-l", kiosk.data.toString());
        }
    }

    @Test
    void aFullDiskWithTheDoorPolicyClosedKeepsTheDoorShutForValidPassesAndCountsThem() throws Exception {
        DemoPasses passes = DemoPasses.mint(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
        Files.writeString(dir.resolve("issuer.txt"),
                java.util.Base64.getEncoder().encodeToString(passes.issuerCertificate().getEncoded()));
        String valid = passes.samples().get(0).text();
        FaultKiosk kiosk = new FaultKiosk(dir, List.of("on_full_disk = \"closed\""), List.of("[verify]",
                "trust = [\"" + dir.resolve("issuer.txt") + "\"]", "[feedback]", "console = true"));
        Files.createDirectories(kiosk.data);
        Assumptions.assumeTrue(command("mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", kiosk.data.toString()) == 0,
                "needs root to mount a small tmpfs as the data folder");
        try {
            FaultKiosk.Run room = kiosk.run(null, valid);
            String roomOut = kiosk.out();
            Path filler = fill(kiosk.data);

            Process full = kiosk.start((String) null);
            FaultKiosk.feed(full, valid, valid);
            FaultKiosk.await(full, () -> unlogged(kiosk) == 2, "two valid passes decided on a full disk");
            FaultKiosk.await(full, () -> count(kiosk, "[door] stays shut") == 2, "the console feedback");
            String fullOut = kiosk.out();
            String fullErr = kiosk.err();
            kiosk.kill(full);
            String reserve = Files.readString(kiosk.data.resolve(Kiosk.ENTRY_LOG_FILE + ".losses")).strip();
            Files.delete(filler);
            FaultKiosk.Run again = kiosk.run(null, valid);
            String againOut = kiosk.out();

            List<StoredRecord> records = kiosk.records();
            long lost = records.stream().filter(r -> r.record() instanceof GapRecord)
                    .mapToLong(r -> ((GapRecord) r.record()).count()).sum();
            assertThat(room.exitCode()).as(room.err()).isZero();
            assertThat(room.err()).contains("scan from stdin: HC1 VALID (seq 1)");
            assertThat(roomOut).as("a valid pass opens the door while the log can write").contains("[door] open for");
            assertThat(fullErr).contains("HC1 VALID (seq 0)");
            assertThat(fullOut).as("closed: the door stays shut for a decision the log cannot write")
                    .doesNotContain("[door] open for").contains("[buzzer] long");
            assertThat(reserve).as("both decisions counted, across kill -9").contains("STORAGE_FULL 2 ");
            assertThat(again.exitCode()).as(again.err()).isZero();
            assertThat(againOut).as("room again: the door opens").contains("[door] open for");
            assertThat(kiosk.entries()).hasSize(2);
            assertThat(lost).isEqualTo(2);
            assertThat(kiosk.verify().result()).isEqualTo("INTACT");
            System.out.println("fault matrix: disk full, on_full_disk=closed: valid-passes-on-full-disk=2"
                    + " door-opened=" + count(fullOut, "[door] open for") + " stays-shut=" + count(fullOut,
                    "[door] stays shut") + " buzzer=" + fullOut.lines().filter(l -> l.startsWith("[buzzer]"))
                    .toList() + " reserve-after-kill='" + reserve.lines().skip(1).findFirst().orElse("")
                    + "' gap-records-count=" + lost + " door-after-room=open");
        } finally {
            command("umount", "-l", kiosk.data.toString());
        }
    }

    private static long count(FaultKiosk kiosk, String line) {
        try {
            return count(kiosk.out(), line);
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private static long count(String text, String line) {
        return text.lines().filter(l -> l.startsWith(line)).count();
    }

    /** Decisions the latest run logged as not written ("(seq 0)" in its scan lines). */
    private static long unlogged(FaultKiosk kiosk) {
        try {
            return kiosk.err().lines().filter(line -> line.contains("scan from stdin") && line.endsWith("(seq 0)"))
                    .count();
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    /** Fills the file system of {@code folder} until it reports no space left. */
    private static Path fill(Path folder) throws Exception {
        Path filler = folder.resolve("filler");
        byte[] block = new byte[64 * 1024];
        try (var out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (java.io.IOException e) {
            assertThat(e.getMessage()).contains("No space left");
        }
        return filler;
    }

    private static int command(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }
}
