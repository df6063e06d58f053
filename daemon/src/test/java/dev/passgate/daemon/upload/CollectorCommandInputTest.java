package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.cli.CliRun;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input to every collector command: each gets one line on standard error naming what was wrong, the documented
 * exit status (2 a usage error, 1 a failure) and no stack trace; enrolment itself works and is idempotent.
 */
class CollectorCommandInputTest {
    @TempDir
    Path dir;

    @Test
    void answersBadInputToEveryCollectorCommandWithOneLineAndItsExitStatus() throws Exception {
        String db = dir.resolve("c.db").toString();
        Path pem = Files.writeString(dir.resolve("gate.pub"), DeviceKey.generate().publicKeyPem());
        Path other = Files.writeString(dir.resolve("other.pub"), DeviceKey.generate().publicKeyPem());
        Path garbage = Files.writeString(dir.resolve("garbage.pem"), "-----BEGIN PUBLIC KEY-----\nAAAA\n");
        Path notSqlite = Files.writeString(dir.resolve("not.db"), "this is not a SQLite file, not at all".repeat(40));
        List<String> seen = new ArrayList<>();
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String busy = "127.0.0.1:" + taken.getLocalPort();
            seen.add(fails(2, "--db is required", "collector", "--report"));
            seen.add(fails(2, "--listen, --mqtt or --report is required", "collector", "--db", db));
            seen.add(fails(2, "expected HOST:PORT", "collector", "--db", db, "--listen", "nonsense"));
            seen.add(fails(2, "expected HOST:PORT", "collector", "--db", db, "--listen", "127.0.0.1:99999"));
            seen.add(fails(2, "Unknown option", "collector", "--db", db, "--report", "--frobnicate"));
            seen.add(fails(2, "--max-request-bytes", "collector", "--db", db, "--report", "--max-request-bytes",
                    "lots"));
            seen.add(fails(2, "expected at least 1024 bytes", "collector", "--db", db, "--report",
                    "--max-concurrent", "0"));
            seen.add(fails(2, "KEY=VALUE", "collector", "--db", db, "--report", "--device-key", "gate"));
            seen.add(fails(2, "device id", "collector", "--db", db, "--report", "--device-key", "bad id=" + pem));
            seen.add(fails(1, "no such file or folder: ", "collector", "--db", db, "--report", "--device-key",
                    "gate=" + dir.resolve("missing.pem")));
            seen.add(fails(1, "not.db", "collector", "--db", notSqlite.toString(), "--report"));
            seen.add(fails(1, "/proc", "collector", "--db", "/proc/passgate/c.db", "--report"));
            seen.add(fails(1, "--listen " + busy + ": Address already in use", "collector", "--db", db, "--listen",
                    busy));
            seen.add(fails(1, "Connection refused", "collector", "--db", db, "--mqtt", "mqtt://127.0.0.1:1"));
            seen.add(fails(2, "Missing required options", "collector", "enroll", "--db", db));
            seen.add(fails(2, "device id", "collector", "enroll", "--db", db, "--device", "", "--key",
                    pem.toString()));
            seen.add(fails(1, "missing.pem", "collector", "enroll", "--db", db, "--device", "gate", "--key",
                    dir.resolve("missing.pem").toString()));
            seen.add(fails(1, "garbage.pem", "collector", "enroll", "--db", db, "--device", "gate", "--key",
                    garbage.toString()));
            seen.add(fails(1, "not.db", "collector", "enroll", "--db", notSqlite.toString(), "--device", "gate",
                    "--key", pem.toString()));
        }

        assertThat(CliRun.main("collector", "--help").out()).contains("--max-inflated-bytes").contains("enroll");
        assertThat(CliRun.main("collector", "enroll", "--help").exitCode()).isZero();
        CliRun enrolled = CliRun.main("collector", "enroll", "--db", db, "--device", "gate", "--key", pem.toString());
        assertThat(enrolled.exitCode()).as(enrolled.err()).isZero();
        assertThat(enrolled.out()).startsWith("enrolled gate with key id ");
        assertThat(CliRun.main("collector", "enroll", "--db", db, "--device", "gate", "--key", pem.toString())
                .exitCode()).isZero();
        seen.add(fails(1, "already enrolled", "collector", "enroll", "--db", db, "--device", "gate", "--key",
                other.toString()));
        CliRun report = CliRun.main("collector", "--db", db, "--report");
        assertThat(report.lines()).singleElement().satisfies(line -> assertThat(line)
                .contains("\"device\":\"gate\"").contains("\"enrolled\":\"operator\""));
        seen.forEach(line -> System.out.println("collector input: " + line));
    }

    private static String fails(int status, String names, String... args) {
        CliRun run = CliRun.main(args);
        String err = run.err().strip();
        assertThat(run.exitCode()).as(String.join(" ", args) + " -> " + err).isEqualTo(status);
        assertThat(err).as(String.join(" ", args)).doesNotContain("\n").doesNotContain("\tat ")
                .startsWith("passgate collector").contains(names);
        return "exit " + status + ": " + err;
    }
}
