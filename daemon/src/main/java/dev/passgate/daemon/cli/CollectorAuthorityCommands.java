package dev.passgate.daemon.cli;

import dev.passgate.daemon.audit.AuthorityPrivateKey;
import dev.passgate.daemon.collector.ExportLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The health authority's commands under {@code passgate collector}: {@code authority-keygen}, {@code assign-site},
 * {@code export} and {@code export-log} ({@code docs/collector-api.md}, "The authority's read path"). Exit status of
 * each: 0 done; 1 a negative result (an export refused because a chain does not verify, or exported with flagged or
 * unreadable rows; a key that is never overwritten); 2 bad input (options, times, a key file that is not an
 * authority key, a file that is not a collector store, an unknown device or site); 3 an I/O fault. Errors are one
 * line on stderr, never a stack trace.
 */
final class CollectorAuthorityCommands {
    static final int NEGATIVE = 1;
    static final int BAD_INPUT = 2;
    static final int IO_FAULT = 3;

    private CollectorAuthorityCommands() {
    }

    /** {@code collector authority-keygen --out DIR}: the authority's X25519 key pair. */
    @Command(name = "authority-keygen", description = "Make the health authority's X25519 key pair"
            + " (authority.key, mode 0600, and authority.pub for the kiosks).")
    static final class Keygen implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the two files.")
        private Path out;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            AuthorityPrivateKey key = AuthorityPrivateKey.generate();
            Path written;
            try {
                written = key.writeTo(out);
            } catch (FileAlreadyExistsException e) {
                err.println("passgate collector authority-keygen: " + e.getFile());
                return NEGATIVE;
            } catch (IOException | RuntimeException e) {
                err.println("passgate collector authority-keygen: cannot write to " + out + ": " + e.getMessage());
                return IO_FAULT;
            }
            PrintWriter stdout = spec.commandLine().getOut();
            stdout.println("authority key id " + key.publicKey().keyIdHex());
            stdout.println("private key " + written + " (keep it with the authority, offline; mode 0600)");
            stdout.println("public key  " + out.resolve(AuthorityPrivateKey.PUBLIC_FILE));
            stdout.println("on each kiosk: [entry_log.encryption] authority_key_file = \""
                    + out.resolve(AuthorityPrivateKey.PUBLIC_FILE).toAbsolutePath() + "\"");
            stdout.flush();
            return 0;
        }
    }

    /** {@code collector assign-site --db FILE --device ID --site ID}. */
    @Command(name = "assign-site", description = "Put a device in a site, for 'collector export --site'.")
    static final class AssignSite implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--db", required = true, paramLabel = "FILE", description = "The collector's SQLite file.")
        private Path db;

        @Option(names = "--device", required = true, paramLabel = "ID", description = "The device id.")
        private String device;

        @Option(names = "--site", required = true, paramLabel = "ID", description = "The site id.")
        private String site;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            for (String id : List.of(device, site)) {
                if (!validId(id)) {
                    err.println("passgate collector assign-site: found id '" + printable(id) + "', expected 1 to 128"
                            + " printable ASCII characters without spaces");
                    return BAD_INPUT;
                }
            }
            try (ExportLedger ledger = ExportLedger.open(db)) {
                ledger.assignSite(device, site, Clock.systemUTC().millis());
            } catch (IOException e) {
                err.println("passgate collector assign-site: " + e.getMessage());
                return BAD_INPUT;
            } catch (RuntimeException e) {
                err.println("passgate collector assign-site: " + e.getMessage());
                return IO_FAULT;
            }
            spec.commandLine().getOut().println("device " + device + " is in site " + site);
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    /** {@code collector export-log --db FILE}: the export audit as JSON lines. */
    @Command(name = "export-log", description = "Print the audit of every export, one JSON line each.")
    static final class ExportLog implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--db", required = true, paramLabel = "FILE", description = "The collector's SQLite file.")
        private Path db;

        @Override
        public Integer call() {
            try (ExportLedger ledger = ExportLedger.open(db)) {
                PrintWriter out = spec.commandLine().getOut();
                for (ExportLedger.Entry entry : ledger.entries()) {
                    out.println(entry.toJson().ToJSONString());
                }
                out.flush();
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("passgate collector export-log: " + e.getMessage());
                return BAD_INPUT;
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("passgate collector export-log: " + e.getMessage());
                return IO_FAULT;
            }
        }
    }

    static boolean validId(String id) {
        return id.length() >= 1 && id.length() <= 128 && id.chars().allMatch(c -> c > 0x20 && c < 0x7F);
    }

    static String printable(String text) {
        String cut = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return cut.replaceAll("[^\\x20-\\x7E]", "?");
    }

    static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            try {
                return Optional.of(OffsetDateTime.parse(text).toInstant());
            } catch (DateTimeParseException again) {
                return Optional.empty();
            }
        }
    }
}
