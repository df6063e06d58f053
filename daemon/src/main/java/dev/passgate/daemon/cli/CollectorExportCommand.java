package dev.passgate.daemon.cli;

import static dev.passgate.daemon.cli.CollectorAuthorityCommands.BAD_INPUT;
import static dev.passgate.daemon.cli.CollectorAuthorityCommands.IO_FAULT;
import static dev.passgate.daemon.cli.CollectorAuthorityCommands.NEGATIVE;

import dev.passgate.daemon.audit.AuthorityPrivateKey;
import dev.passgate.daemon.collector.AuthorityExport;
import dev.passgate.daemon.collector.ExportLedger;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate collector export --db FILE (--device ID | --site ID) --from T --to T [--key FILE]
 * [--format csv|jsonl] [--out FILE] [--by NAME] [--allow-unverified]}: the authority's read path
 * ({@link AuthorityExport}). The rows go to a private temporary file (mode 0600) first; the export is recorded in the
 * collector's append-only {@code export_audit} table; only then are the rows moved to {@code --out} (never
 * overwritten) or copied to stdout. A refused export is recorded too. One summary line goes to stderr, without
 * personal data. Exit status as in {@link CollectorAuthorityCommands}.
 */
@Command(name = "export", description = "Export decrypted entries of a device or site between two instants"
        + " (CSV or JSON Lines), after verifying their chains; every export is audited.")
final class CollectorExportCommand implements Callable<Integer> {
    private static final String NAME = "passgate collector export: ";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", required = true, paramLabel = "FILE", description = "The collector's SQLite file.")
    private Path db;

    @ArgGroup(exclusive = true, multiplicity = "1")
    private Scope scope;

    static final class Scope {
        @Option(names = "--device", paramLabel = "ID", description = "Export one device.")
        private String device;

        @Option(names = "--site", paramLabel = "ID", description = "Export the devices of a site (assign-site).")
        private String site;
    }

    @Option(names = "--from", required = true, paramLabel = "T", description = "Start, inclusive (ISO 8601, e.g."
            + " 2026-12-13T12:00:00Z or 2026-12-13T13:00+01:00).")
    private String from;

    @Option(names = "--to", required = true, paramLabel = "T", description = "End, exclusive.")
    private String to;

    @Option(names = "--key", paramLabel = "FILE", description = "The authority's private key (authority.key);"
            + " without it only times, kinds and chain states are exported.")
    private Path key;

    @Option(names = "--format", paramLabel = "csv|jsonl", defaultValue = "csv",
            description = "Output format (default: ${DEFAULT-VALUE}).")
    private String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here (never overwritten); default stdout.")
    private Path out;

    @Option(names = "--by", paramLabel = "NAME", description = "Who asks, for the audit (default: the OS user).")
    private String by;

    @Option(names = "--allow-unverified", description = "Export devices whose chain does not verify, each row"
            + " flagged with the problem, instead of refusing.")
    private boolean allowUnverified;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        try {
            return export(err);
        } catch (BadInput e) {
            err.println(NAME + e.getMessage());
            return BAD_INPUT;
        } catch (IOException | RuntimeException e) {
            err.println(NAME + e.getMessage());
            return IO_FAULT;
        } finally {
            err.flush();
        }
    }

    private static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    private int export(PrintWriter err) throws BadInput, IOException {
        Instant start = CollectorAuthorityCommands.instant(from).orElseThrow(() -> new BadInput("--from: found '"
                + CollectorAuthorityCommands.printable(from) + "', expected an ISO 8601 instant such as"
                + " 2026-12-13T12:00:00Z"));
        Instant end = CollectorAuthorityCommands.instant(to).orElseThrow(() -> new BadInput("--to: found '"
                + CollectorAuthorityCommands.printable(to) + "', expected an ISO 8601 instant such as"
                + " 2026-12-13T13:00:00Z"));
        if (!start.isBefore(end)) {
            throw new BadInput("--from " + start + " is not before --to " + end);
        }
        AuthorityExport.Format outputFormat = switch (format.toLowerCase(Locale.ROOT)) {
            case "csv" -> AuthorityExport.Format.CSV;
            case "jsonl" -> AuthorityExport.Format.JSONL;
            default -> throw new BadInput("--format: found '" + CollectorAuthorityCommands.printable(format)
                    + "', expected csv or jsonl");
        };
        String target = scope.device != null ? scope.device : scope.site;
        if (!CollectorAuthorityCommands.validId(target)) {
            throw new BadInput("found id '" + CollectorAuthorityCommands.printable(target) + "', expected 1 to 128"
                    + " printable ASCII characters without spaces");
        }
        if (out != null && Files.exists(out)) {
            throw new BadInput("--out " + out + " exists; an export is never written over a file");
        }
        if (out != null && !Files.isDirectory(out.toAbsolutePath().getParent())) {
            throw new BadInput("--out " + out + ": folder " + out.toAbsolutePath().getParent() + " does not exist");
        }
        if (by != null && (by.isBlank() || by.length() > 128)) {
            throw new BadInput("--by: expected 1 to 128 characters, found " + by.length());
        }
        Optional<AuthorityPrivateKey> authority = Optional.empty();
        if (key != null) {
            try {
                authority = Optional.of(AuthorityPrivateKey.read(key));
            } catch (IOException e) {
                throw new BadInput(e.getMessage());
            }
        }
        ExportLedger ledger;
        try {
            ledger = ExportLedger.open(db);
        } catch (IOException e) {
            throw new BadInput(e.getMessage());
        }
        try (ledger) {
            List<String> devices = devices(ledger, target);
            AuthorityExport.Request request = new AuthorityExport.Request(devices, start, end, outputFormat,
                    authority, allowUnverified);
            return run(ledger, request, target, err);
        }
    }

    private List<String> devices(ExportLedger ledger, String target) throws BadInput, IOException {
        if (scope.device != null) {
            if (ledger.knownDevice(target).isEmpty()) {
                throw new BadInput("device " + target + " has never uploaded to " + ledger.file());
            }
            return List.of(target);
        }
        List<String> devices = ledger.devicesOf(target);
        if (devices.isEmpty()) {
            throw new BadInput("site " + target + " has no devices; put them in it with 'collector assign-site'");
        }
        return devices;
    }

    private int run(ExportLedger ledger, AuthorityExport.Request request, String target, PrintWriter err)
            throws IOException {
        Path folder = out != null ? out.toAbsolutePath().getParent() : null;
        Path temporary = folder != null && folder.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? Files.createTempFile(folder, ".export-", ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(".passgate-export-", ".tmp", PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
        try {
            AuthorityExport.Result result;
            try (Writer writer = Files.newBufferedWriter(temporary, StandardCharsets.UTF_8)) {
                result = AuthorityExport.run(ledger, request, writer);
            }
            String user = System.getProperty("user.name", "unknown");
            long id = ledger.record(new ExportLedger.Entry(0, Clock.systemUTC().instant(), by != null ? by : user,
                    user, scope.device != null ? "device" : "site", target, request.from(), request.to(),
                    format.toLowerCase(Locale.ROOT), request.key().map(k -> k.publicKey().keyIdHex()).orElse(""),
                    result.refused() ? "refused" : "exported", result.rows(), result.entries(), result.unreadable(),
                    result.flagged(), result.detail()));
            if (result.refused()) {
                err.println(NAME + "refused (audit id " + id + "): " + result.detail());
                return NEGATIVE;
            }
            deliver(temporary);
            err.println("exported " + result.rows() + " rows (" + result.entries() + " entries, "
                    + result.unreadable() + " unreadable, " + result.flagged() + " not verified by a signed"
                    + " checkpoint) of " + request.devices().size() + " device(s); audit id " + id
                    + (result.detail().isEmpty() ? "" : "; " + result.detail()));
            return result.clean() ? 0 : NEGATIVE;
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    private void deliver(Path temporary) throws IOException {
        if (out != null) {
            Files.move(temporary, out);
            return;
        }
        PrintWriter stdout = spec.commandLine().getOut();
        stdout.flush();
        try (InputStream in = Files.newInputStream(temporary)) {
            char[] buffer = new char[8192];
            try (var reader = new java.io.InputStreamReader(in, StandardCharsets.UTF_8)) {
                for (int n = reader.read(buffer); n > 0; n = reader.read(buffer)) {
                    stdout.write(buffer, 0, n);
                }
            }
        }
        stdout.flush();
    }
}
