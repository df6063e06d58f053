package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.StoredEntry;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@code passgate demo} in-process as a newcomer would, typing one code and then ending input. */
class DemoCommandTest {
    @TempDir
    Path dir;

    @Test
    void showsFourSamplesWithTheirVerdictsAndLogsEveryScan() throws Exception {
        InputStream stdin = System.in;
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        try {
            System.setIn(new ByteArrayInputStream("HC1:NOT-A-REAL-PASS\n".getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.commandLine().execute("demo", "--data-dir", dir.toString());
        } finally {
            System.setIn(stdin);
            System.setOut(stdout);
        }
        String out = captured.toString(StandardCharsets.UTF_8);

        assertThat(code).as(out).isZero();
        assertThat(out).contains("=> VALID (HC1)", "=> EXPIRED (HC1)", "=> INVALID_SIGNATURE (HC1)",
                "=> UNKNOWN_ISSUER (HC1)", "=> MALFORMED (HC1)", "[light] GREEN", "The entry log holds 5 record(s)",
                "[speaker] ko/valid.wav \"접종완료자입니다\"", "[speaker] chime \"딩동\"", "[door] open for 3.0 s",
                "[door] stays shut");
        // every outcome shows every output: five verdicts, five light, buzzer and speaker lines
        assertThat(out.lines().filter(line -> line.startsWith("[light] ") && !line.endsWith("OFF"))).hasSize(5);
        assertThat(out.lines().filter(line -> line.startsWith("[buzzer] "))).hasSize(5);
        assertThat(out.lines().filter(line -> line.startsWith("[speaker] "))).hasSize(5);
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "demo-kiosk")) {
            List<StoredEntry> entries = log.readFrom(0, 10);
            assertThat(entries).extracting(e -> e.record().verdict()).containsExactly("VALID", "EXPIRED",
                    "INVALID_SIGNATURE", "UNKNOWN_ISSUER", "MALFORMED");
        }
    }
}
