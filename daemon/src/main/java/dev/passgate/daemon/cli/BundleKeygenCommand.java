package dev.passgate.daemon.cli;

import dev.passgate.daemon.trust.RootKeys;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate bundle keygen --out DIR}: a new Ed25519 root key pair, {@code DIR/root.key} (PKCS#8 PEM, created
 * with mode 0600 before any byte is written) and {@code DIR/root.pub} (SubjectPublicKeyInfo PEM). Existing files are
 * never overwritten. Prints the key id and the line to pin the key in {@code [trust]}.
 */
@Command(name = "keygen", description = "Make a root key pair for signing trust bundles.")
public final class BundleKeygenCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for root.key and root.pub.")
    private Path out;

    @Override
    public Integer call() throws IOException {
        CommandLine cli = spec.commandLine();
        Files.createDirectories(out);
        Path privateFile = out.resolve("root.key");
        Path publicFile = out.resolve("root.pub");
        for (Path existing : new Path[] {privateFile, publicFile}) {
            if (Files.exists(existing)) {
                cli.getErr().println("passgate bundle keygen: " + existing + " exists; a key is never overwritten");
                return 1;
            }
        }
        KeyPair keys = RootKeys.generate();
        try {
            Files.createFile(privateFile, PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
        } catch (FileAlreadyExistsException e) {
            cli.getErr().println("passgate bundle keygen: " + privateFile + " exists; a key is never overwritten");
            return 1;
        }
        try (OutputStream file = Files.newOutputStream(privateFile, StandardOpenOption.WRITE)) {
            file.write(RootKeys.pem("PRIVATE KEY", keys.getPrivate().getEncoded()).getBytes(StandardCharsets.US_ASCII));
        }
        Files.writeString(publicFile, RootKeys.pem("PUBLIC KEY", keys.getPublic().getEncoded()),
                StandardOpenOption.CREATE_NEW);
        String base64 = Base64.getEncoder().encodeToString(keys.getPublic().getEncoded());
        cli.getOut().println("root key id " + Base64.getEncoder().encodeToString(RootKeys.keyId(keys.getPublic())));
        cli.getOut().println("private key " + privateFile + " (keep it offline; mode 0600)");
        cli.getOut().println("public key  " + publicFile);
        cli.getOut().println("pin it in [trust] of each kiosk: roots = [\"" + base64 + "\"]");
        return 0;
    }
}
