package dev.passgate.daemon.cli;

import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.collector.CollectorStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate collector enroll --db FILE --device ID --key PEM}: registers a device's public key (from
 * {@code passgate log pubkey}) with the collector, so that its signed batches are stored. Enrolling the same key
 * again is a no-op; another key for an enrolled device is refused (exit 1). Exit 2 for a usage error.
 */
@Command(name = "enroll", mixinStandardHelpOptions = true,
        description = "Enrol a device's public key with the collector.")
public final class CollectorEnrollCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Option(names = "--db", paramLabel = "FILE", required = true, description = "The collector's SQLite file.")
    private Path db;

    @Option(names = "--device", paramLabel = "ID", required = true, description = "The device id, as it uploads.")
    private String device;

    @Option(names = "--key", paramLabel = "PEM", required = true,
            description = "The device's public key (PEM, from 'passgate log pubkey').")
    private Path key;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String id = deviceId(spec, device);
        try {
            // The key is read first, so that a bad key file leaves no empty store behind.
            PublicKey publicKey = DeviceKey.readPublicKey(key);
            try (CollectorStore store = CollectorStore.open(db, Clock.systemUTC())) {
                store.enroll(id, publicKey.getEncoded());
            }
            out.println("enrolled " + id + " with key id " + HexFormat.of().formatHex(DeviceKey.keyIdOf(publicKey)));
            out.flush();
            return 0;
        } catch (IOException | RuntimeException e) {
            err.println("passgate collector enroll: " + CollectorCommand.oneLine(e));
            err.flush();
            return 1;
        }
    }

    /** {@code id} when it is a device id (1..128 printable ASCII characters without spaces), else a usage error. */
    static String deviceId(CommandLine.Model.CommandSpec spec, String id) {
        if (!id.matches("[!-~]{1,128}")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "device id: found '" + id.replaceAll(
                    "[^!-~]", "?") + "', expected 1 to 128 printable ASCII characters without spaces");
        }
        return id;
    }
}
