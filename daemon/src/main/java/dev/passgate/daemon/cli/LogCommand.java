package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.audit.ChainReport;
import dev.passgate.daemon.audit.ChainVerifier;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate log pubkey} prints the public half of the entry log's signing key as PEM, for the collector;
 * {@code passgate log verify} checks a log file's chain and checkpoints and prints one JSON line. Both take the
 * paths from {@code --config} (default: the built-in defaults) unless given one by one. Neither creates a key: the
 * daemon does on its first start. Exit 0 for success and an intact chain, 1 for a missing key, an unreadable file
 * or a broken chain, 2 for a usage error.
 */
@Command(name = "log", description = "Work with the entry log.",
        subcommands = {LogCommand.Pubkey.class, LogCommand.Verify.class})
public final class LogCommand implements Runnable {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: pubkey, verify");
    }

    /** Reads the configuration named by {@code file}, or the defaults; null after printing its errors. */
    static PassgateConfig config(Path file, PrintWriter err) {
        if (file == null) {
            return ConfigLoader.defaults(Path.of("passgate.toml"));
        }
        ConfigResult result = ConfigLoader.load(file);
        if (result instanceof ConfigResult.Invalid invalid) {
            invalid.errors().forEach(err::println);
            return null;
        }
        return ((ConfigResult.Loaded) result).config();
    }

    private static PublicKey publicKey(Path file, PrintWriter err) {
        if (!Files.isRegularFile(file)) {
            err.println("passgate log: no key at " + file + "; the daemon creates the signing key on its first start");
            return null;
        }
        try {
            return DeviceKey.readPublicKey(file);
        } catch (IOException e) {
            err.println("passgate log: " + CliErrors.describe(e));
            return null;
        }
    }

    @Command(name = "pubkey", description = "Print the public half of the entry log's signing key (PEM).")
    public static final class Pubkey implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "Take the key file from this configuration.")
        private Path configFile;

        @Option(names = "--key", paramLabel = "FILE", description = "The signing key file itself.")
        private Path keyFile;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            PassgateConfig config = keyFile == null ? config(configFile, err) : null;
            if (keyFile == null && config == null) {
                return 1;
            }
            PublicKey key = publicKey(keyFile != null ? keyFile : config.entryLog().signingKeyFile(), err);
            if (key == null) {
                return 1;
            }
            spec.commandLine().getOut().print(DeviceKey.pem(key));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "verify", description = "Check the entry log's hash chain and signed checkpoints.")
    public static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", paramLabel = "FILE", description = "Take paths and the device id from here.")
        private Path configFile;

        @Option(names = "--file", paramLabel = "DB", description = "The log file (default: <data_dir>/entries.db).")
        private Path logFile;

        @Option(names = "--device", paramLabel = "ID", description = "The device whose chain to check.")
        private String device;

        @Option(names = "--pubkey", paramLabel = "FILE", description = "PEM public key (default: the signing key).")
        private Path publicKeyFile;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            PassgateConfig config = config(configFile, err);
            if (config == null) {
                return 1;
            }
            PublicKey key = publicKey(publicKeyFile != null ? publicKeyFile : config.entryLog().signingKeyFile(),
                    err);
            if (key == null) {
                return 1;
            }
            Path file = logFile != null ? logFile : config.device().dataDir().resolve(Kiosk.ENTRY_LOG_FILE);
            String id = device != null ? device : config.device().id();
            try {
                ChainReport report = ChainVerifier.verify(file, id, key);
                spec.commandLine().getOut().println(json(report, EntryLog.reservationMark(file, id)));
                return report.intact() ? 0 : 1;
            } catch (EntryLogException e) {
                err.println("passgate log verify: " + e.getMessage());
                return 1;
            }
        }

        static String json(ChainReport report) {
            return json(report, -1);
        }

        /**
         * The report as one JSON object; with {@code reserved} (the reservation mark, -1 when not known) an intact
         * chain also says {@code reserved_through} and {@code possibly_truncated}: the chain ends below the mark,
         * so records may have been cut off its end (or a running kiosk has numbers reserved ahead, or its
         * writer died before using them; the next start continues above the mark with a RESTART record).
         */
        static String json(ChainReport report, long reserved) {
            CBORObject answer = CBORObject.NewOrderedMap().Add("device", report.deviceId());
            if (report instanceof ChainReport.Intact intact) {
                answer.Add("result", "INTACT").Add("first", intact.firstSequence()).Add("last", intact.lastSequence())
                        .Add("records", intact.records()).Add("checkpoints", intact.checkpoints())
                        .Add("last_signed", intact.lastSignedSequence()).Add("lost_decisions", intact.lostDecisions())
                        .Add("purged_not_uploaded", intact.purgedNotUploaded())
                        .Add("restarts", intact.restarts()).Add("skipped_sequences", intact.skippedSequences());
                if (reserved >= 0) {
                    answer.Add("reserved_through", reserved)
                            .Add("possibly_truncated", reserved > intact.lastSequence());
                }
            } else {
                ChainReport.Broken broken = (ChainReport.Broken) report;
                answer.Add("result", "BROKEN").Add("problem", broken.problem().name())
                        .Add("sequence", broken.sequence()).Add("detail", broken.detail());
            }
            return answer.ToJSONString();
        }
    }
}
