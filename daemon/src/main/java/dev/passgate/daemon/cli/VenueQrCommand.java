package dev.passgate.daemon.cli;

import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.verify.pg1.VenueCode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate venue-qr (--config FILE | --venue ID) [--png FILE]}: the text of the venue's entrance QR code
 * ({@code PGV1:ID}, {@link VenueCode}) that holders' apps scan to sign their PG1 presentations for this venue,
 * printed, or written as a QR PNG to print and put up at the entrance. With {@code --config} the id is the
 * kiosk's {@code venue.id}. Exit 0 on success, 1 when the configuration is invalid, names no venue, or the PNG
 * cannot be written (never overwritten), 2 for a usage error (both or neither option, a bad id).
 */
@Command(name = "venue-qr", description = "Print the venue's entrance QR code (text, or a PNG to print).")
public final class VenueQrCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "Take the venue id from venue.id of this kiosk.")
    private Path configFile;

    @Option(names = "--venue", paramLabel = "ID", description = "The venue id (1..64 of A-Z a-z 0-9 . _ -).")
    private String venue;

    @Option(names = "--png", paramLabel = "FILE", description = "Write a QR code image instead of text.")
    private Path png;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if ((configFile == null) == (venue == null)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give one of --config FILE or --venue ID");
        }
        Optional<String> id;
        if (venue != null) {
            if (!VenueCode.ID_PATTERN.matcher(venue).matches()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--venue: found " + venue
                        + ", expected 1..64 characters from A-Z a-z 0-9 . _ -");
            }
            id = Optional.of(venue);
        } else {
            PassgateConfig config = LogCommand.config(configFile, err);
            if (config == null) {
                return 1;
            }
            id = config.venue().id();
            if (id.isEmpty()) {
                err.println("passgate venue-qr: " + configFile + " names no venue (set venue.id in [venue])");
                return 1;
            }
        }
        String text = VenueCode.text(id.get());
        if (png == null) {
            spec.commandLine().getOut().println(text);
            return 0;
        }
        try {
            if (Files.exists(png)) {
                throw new IOException(png + " already exists (never overwritten)");
            }
            QrPng.write(text, png);
        } catch (IOException e) {
            err.println("passgate venue-qr: " + CliErrors.describe(e));
            return 1;
        }
        spec.commandLine().getOut().println("venue " + id.get() + ": " + text + " written to " + png);
        return 0;
    }
}
