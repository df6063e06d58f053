package dev.passgate.daemon.cli;

import dev.passgate.daemon.verify.Instants;
import dev.passgate.daemon.verify.pg1.Pg1KeyFiles;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import dev.passgate.daemon.verify.pg1.VenueCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate wallet init|present}: the holder's side of a PG1 pass, what a phone app does. {@code init}
 * writes {@code DIR/holder.key} (0600, never overwritten) and {@code DIR/holder.pub} (what the issuer signs into
 * the credential). {@code present} signs a fresh presentation of a credential for an instant (default: now) with
 * a random nonce and prints the {@code PG1:} text, or writes it as a QR PNG (error correction M); with
 * {@code --venue} the presentation is signed for the venue whose entrance QR the phone scanned. Exit 0 on
 * success, 1 when a file cannot be read or written.
 */
@Command(name = "wallet", description = "PG1 holder keys and fresh presentations.",
        subcommands = {WalletCommand.Init.class, WalletCommand.Present.class})
public final class WalletCommand implements Runnable {
    private static final long MAX_CREDENTIAL_BYTES = 8 * 1024;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "wallet needs init or present");
    }

    /** {@code passgate wallet init --out DIR}. */
    @Command(name = "init", description = "Create a holder key pair (private key 0600).")
    static final class Init implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for holder.key/.pub.")
        private Path out;

        @Override
        public Integer call() {
            KeyPair keys = Pg1Keys.generate(new SecureRandom());
            try {
                Pg1KeyFiles.write(keys, out, "holder");
            } catch (IOException e) {
                spec.commandLine().getErr().println("passgate wallet init: " + CliErrors.describe(e));
                return 1;
            }
            spec.commandLine().getOut().println("holder key " + out.resolve("holder.pub"));
            return 0;
        }
    }

    /** {@code passgate wallet present --credential FILE --key FILE [--at INSTANT] [--png FILE]}. */
    @Command(name = "present", description = "Print a fresh PG1 presentation, or write it as a QR PNG.")
    static final class Present implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--credential", required = true, paramLabel = "FILE", description = "From issuer sign.")
        private Path credential;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The holder's private key.")
        private Path key;

        @Option(names = "--at", paramLabel = "INSTANT", description = "Presentation time (default: now).")
        private String at;

        @Option(names = "--png", paramLabel = "FILE", description = "Write a QR code image instead of text.")
        private Path png;

        @Option(names = "--venue", paramLabel = "CODE", description = "The venue's entrance QR text (PGV1:ID) or"
                + " its id: sign the presentation for that venue (default: for no venue).")
        private String venue;

        private final Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            Instant instant = clock.instant();
            if (at != null) {
                instant = Instants.parse(at).orElseThrow(() -> new CommandLine.ParameterException(
                        spec.commandLine(), "--at: found " + at + ", expected an ISO-8601 instant"));
            }
            Optional<String> venueId = Optional.ofNullable(venue).map(code -> VenueCode.id(code).orElseThrow(
                    () -> new CommandLine.ParameterException(spec.commandLine(), "--venue: found " + code
                            + ", expected PGV1:ID or an ID of 1..64 characters from A-Z a-z 0-9 . _ -")));
            try {
                if (Files.size(credential) > MAX_CREDENTIAL_BYTES) {
                    throw new IOException(credential + ": found " + Files.size(credential)
                            + " bytes, expected at most " + MAX_CREDENTIAL_BYTES);
                }
                byte[] nonce = new byte[Pg1Signer.NONCE_LENGTH];
                new SecureRandom().nextBytes(nonce);
                String text = Pg1Signer.present(Files.readAllBytes(credential),
                        Pg1KeyFiles.readPrivate(key).getPrivate(), instant, nonce, venueId);
                if (png == null) {
                    spec.commandLine().getOut().println(text);
                } else {
                    QrPng.write(text, png);
                    spec.commandLine().getOut().println("presentation for " + instant + " written to " + png);
                }
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("passgate wallet present: " + CliErrors.describe(e));
                return 1;
            }
        }
    }
}
