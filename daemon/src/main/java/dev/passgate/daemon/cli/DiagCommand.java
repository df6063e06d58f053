package dev.passgate.daemon.cli;

import dev.passgate.daemon.app.Build;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate diag}: writes a support bundle (a zip) for a technician to copy off the device: the
 * configuration with secret values masked ({@link SecretMask}, also applied to the status and journal), the
 * running daemon's status, the last journal lines of the
 * service, and versions. It holds no entry-log records and no keys. Exit 0 when the bundle was written.
 */
@Command(name = "diag", description = "Write a support bundle (configuration masked, status, recent logs, versions).")
public final class DiagCommand implements Callable<Integer> {
    private static final int JOURNAL_LINES = 1000;
    private static final long MAX_CONFIG_BYTES = 1 << 20;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", defaultValue = "/etc/passgate/passgate.toml",
            description = "The daemon's configuration (default: ${DEFAULT-VALUE}).")
    private Path configFile;

    @Option(names = "--out", paramLabel = "FILE",
            description = "Where to write the zip (default: ./passgate-diag-TIME.zip).")
    private Path out;

    @Override
    public Integer call() throws IOException {
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC)
                .format(Clock.systemUTC().instant());
        Path target = out != null ? out : Paths.get("passgate-diag-" + stamp + ".zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(target))) {
            add(zip, "versions.txt", versions());
            add(zip, "config.toml", maskedConfig());
            add(zip, "status.txt", SecretMask.mask(captured("status", "--config", configFile.toString())));
            add(zip, "config-check.txt", captured("config", "check", configFile.toString()));
            add(zip, "journal.txt", SecretMask.mask(run(List.of("journalctl", "--unit", "passgate", "--no-pager",
                    "--lines", Integer.toString(JOURNAL_LINES), "--output", "short-iso"))));
        }
        spec.commandLine().getOut().println("support bundle written: " + target.toAbsolutePath());
        return 0;
    }

    /** The configuration text with its secret values masked ({@link SecretMask}). */
    static String mask(String toml) {
        return SecretMask.mask(toml);
    }

    private String maskedConfig() {
        try {
            if (Files.size(configFile) > MAX_CONFIG_BYTES) {
                return "# " + configFile + " is larger than " + MAX_CONFIG_BYTES + " bytes; not included\n";
            }
            return "# " + configFile + "\n" + mask(Files.readString(configFile, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return "# cannot read " + configFile + ": " + e.getMessage() + "\n";
        }
    }

    private static String versions() {
        return "passgate " + Build.version() + "\njava " + Runtime.version() + " (" + System.getProperty("java.vendor")
                + ")\nos " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "\n";
    }

    private static String captured(String... args) {
        StringWriter text = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(text, true));
        cli.setErr(new PrintWriter(text, true));
        int code = cli.execute(args);
        return text + "\n(exit " + code + ")\n";
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            process.getOutputStream().close();
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            try (InputStream in = process.getInputStream()) {
                in.transferTo(output);
            }
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            return output.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            return String.join(" ", command) + ": not available here (" + e.getMessage() + ")\n";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted\n";
        }
    }

    private static void add(ZipOutputStream zip, String name, String content) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(content.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
