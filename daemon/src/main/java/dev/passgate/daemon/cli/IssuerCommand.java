package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.verify.Instants;
import dev.passgate.daemon.verify.pg1.Pg1KeyFiles;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate issuer init|sign}: a PG1 issuer's Ed25519 key pair and the credentials it signs. {@code init}
 * writes {@code DIR/issuer.key} (0600, never overwritten) and {@code DIR/issuer.pub} and prints the key id and
 * the public key, which is what a kiosk's trust list takes. {@code sign} turns a DCC-shaped JSON file
 * ({@code ver}, {@code nam}, {@code dob}, {@code v}/{@code t}/{@code r}) into a credential bound to a holder key,
 * written as raw COSE_Sign1 bytes. Exit 0 on success, 1 when a file cannot be read or written.
 */
@Command(name = "issuer", description = "PG1 issuer keys and credentials.",
        subcommands = {IssuerCommand.Init.class, IssuerCommand.Sign.class})
public final class IssuerCommand implements Runnable {
    private static final long MAX_JSON_BYTES = 64 * 1024;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "issuer needs init or sign");
    }

    /** {@code passgate issuer init --out DIR}. */
    @Command(name = "init", description = "Create an issuer key pair (private key 0600) and print its key id.")
    static final class Init implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for issuer.key/.pub.")
        private Path out;

        @Override
        public Integer call() {
            KeyPair keys = Pg1Keys.generate(new SecureRandom());
            try {
                Pg1KeyFiles.write(keys, out, "issuer");
            } catch (IOException e) {
                spec.commandLine().getErr().println("passgate issuer init: " + CliErrors.describe(e));
                return 1;
            }
            PrintWriter console = spec.commandLine().getOut();
            console.println("kid " + Pg1Keys.keyIdText(keys.getPublic()));
            console.print(Pg1KeyFiles.publicPem(keys.getPublic()));
            console.flush();
            return 0;
        }
    }

    /** {@code passgate issuer sign --key FILE --holder-key PUBFILE --data JSON --valid-days N --out FILE}. */
    @Command(name = "sign", description = "Sign a DCC-shaped health record into a PG1 credential.")
    static final class Sign implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--key", required = true, paramLabel = "FILE", description = "The issuer's private key.")
        private Path key;

        @Option(names = "--holder-key", required = true, paramLabel = "PUBFILE", description = "The holder's key.")
        private Path holderKey;

        @Option(names = "--data", required = true, paramLabel = "HEALTH.json", description = "DCC-shaped JSON.")
        private Path data;

        @Option(names = "--valid-days", required = true, paramLabel = "N", description = "Days from now.")
        private int validDays;

        @Option(names = "--iss", paramLabel = "ID", defaultValue = "passgate", description = "Issuer id (iss).")
        private String issuerId;

        @Option(names = "--out", required = true, paramLabel = "CREDENTIAL", description = "Credential file.")
        private Path out;

        @Option(names = "--from", paramLabel = "INSTANT", description = "Issue time iat (default: now).")
        private String from;

        private final Clock clock = Clock.systemUTC();

        @Override
        public Integer call() {
            if (validDays < 1) {
                throw new CommandLine.ParameterException(spec.commandLine(),
                        "--valid-days: found " + validDays + ", expected 1 or more");
            }
            try {
                KeyPair issuer = Pg1KeyFiles.readPrivate(key);
                PublicKey holder = Pg1KeyFiles.readPublic(holderKey);
                CBORObject hcert = health(data);
                Instant now = from == null ? clock.instant() : Instants.parse(from).orElseThrow(() ->
                        new CommandLine.ParameterException(spec.commandLine(), "--from: found " + from
                                + ", expected an ISO-8601 instant"));
                byte[] credential = Pg1Signer.credential(issuer, issuerId, holder, hcert, now,
                        now.plus(Duration.ofDays(validDays)));
                Files.write(out, credential);
                spec.commandLine().getOut().println("credential " + out + " (" + credential.length + " bytes, kid "
                        + Pg1Keys.keyIdText(issuer.getPublic()) + ", valid until "
                        + now.plus(Duration.ofDays(validDays)) + ")");
                return 0;
            } catch (IOException e) {
                spec.commandLine().getErr().println("passgate issuer sign: " + CliErrors.describe(e));
                return 1;
            }
        }

        private static CBORObject health(Path file) throws IOException {
            if (Files.size(file) > MAX_JSON_BYTES) {
                throw new IOException(file + ": found " + Files.size(file) + " bytes, expected at most "
                        + MAX_JSON_BYTES);
            }
            try {
                CBORObject json = CBORObject.FromJSONString(Files.readString(file, StandardCharsets.UTF_8));
                if (json.getType() != CBORType.Map || !json.ContainsKey("nam") || !json.ContainsKey("dob")) {
                    throw new IOException(file + ": found no object with nam and dob, expected a DCC-shaped record");
                }
                return json;
            } catch (CBORException e) {
                throw new IOException(file + ": found JSON that does not parse, expected a DCC-shaped record", e);
            }
        }
    }
}
