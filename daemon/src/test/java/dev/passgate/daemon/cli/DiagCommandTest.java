package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiagCommandTest {
    @TempDir
    Path dir;

    @Test
    void writesABundleWithTheConfigMaskedAndTheDaemonsAbsenceNoted() throws Exception {
        Path config = Files.writeString(dir.resolve("passgate.toml"), String.join("\n",
                "[device]", "id = \"kiosk-7\"", "data_dir = \"data\"",
                "site_secret_file = \"/etc/passgate/site-secret\"", "# api_token = \"abc123\"",
                "[upload]", "url = \"https://collector.example/in?site=7&token=tok3n-s3cret\"",
                "# before: url = \"https://fetch:hunter2@bundles.example/kiosk.pgtb\"", ""));
        Path zip = dir.resolve("diag.zip");

        CliRun run = CliRun.main("diag", "--config", config.toString(), "--out", zip.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        Map<String, String> entries = read(zip);
        assertThat(entries).containsKeys("versions.txt", "config.toml", "status.txt", "config-check.txt",
                "journal.txt");
        assertThat(entries.get("versions.txt")).startsWith("passgate ");
        assertThat(entries.get("config.toml")).contains("id = \"kiosk-7\"",
                        "site_secret_file = \"/etc/passgate/site-secret\"", "# api_token = \"***\"",
                        "https://collector.example/in?site=7&token=***", "https://fetch:***@bundles.example/")
                .doesNotContain("abc123", "tok3n-s3cret", "hunter2");
        assertThat(entries.get("status.txt")).contains("not running");
        assertThat(entries.get("config-check.txt")).contains("ok");
    }

    private static Map<String, String> read(Path zip) throws Exception {
        Map<String, String> entries = new HashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                entries.put(entry.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }
}
