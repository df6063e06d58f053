package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.app.Kiosk;
import dev.passgate.daemon.audit.Appended;
import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.audit.EntryLogOptions;
import dev.passgate.daemon.audit.EntryRecord;
import dev.passgate.daemon.clock.TimeFloor;
import dev.passgate.daemon.service.ControlServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate clock show} prints the kiosk's time floor (the earliest time its clock may read and be trusted)
 * and the wall clock as one JSON line; {@code passgate clock reset-floor} sets the floor to {@code --to} (default:
 * now), lower or higher, for a kiosk whose floor was pushed into the future by a clock that ran ahead. The reset is
 * written to the entry log as a record with verdict {@value #RESET_VERDICT} and format {@value #RESET_FORMAT},
 * stamped with the new floor, so the collector sees when and to what the floor was set. Run it with the service
 * stopped, after setting the clock right: the running daemon keeps the floor it read at start.
 */
@Command(name = "clock", description = "Show or reset the kiosk's time floor.",
        subcommands = {ClockCommand.Show.class, ClockCommand.ResetFloor.class})
public final class ClockCommand implements Runnable {
    public static final String RESET_VERDICT = "CLOCK_FLOOR_RESET";
    public static final String RESET_FORMAT = "TECHNICIAN";

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required: show, reset-floor");
    }

    /** Whether a daemon answers on its control socket. */
    private static boolean daemonAnswers(Path socket) {
        if (!Files.exists(socket)) {
            return false;
        }
        try {
            return ControlClient.ask(socket, "status") != null;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path floorFile(PassgateConfig config) {
        return config.device().dataDir().toAbsolutePath().normalize().resolve(Kiosk.TIME_FLOOR_FILE);
    }

    @Command(name = "show", description = "Print the time floor and the wall clock as JSON.")
    public static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The TOML configuration.")
        private Path configFile;

        @Override
        public Integer call() {
            PassgateConfig config = LogCommand.config(configFile, spec.commandLine().getErr());
            if (config == null) {
                return 1;
            }
            Instant floor = TimeFloor.read(floorFile(config));
            Instant now = Instant.now();
            spec.commandLine().getOut().println(CBORObject.NewOrderedMap().Add("floor", floor.toString())
                    .Add("now", now.toString()).Add("below_floor", now.isBefore(floor)).ToJSONString());
            return 0;
        }
    }

    @Command(name = "reset-floor", description = "Set the time floor (default: to now) and log it in the entry log.")
    public static final class ResetFloor implements Callable<Integer> {
        @CommandLine.Spec
        private CommandLine.Model.CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The TOML configuration.")
        private Path configFile;

        @Option(names = "--to", paramLabel = "INSTANT",
                description = "ISO-8601 UTC instant, e.g. 2026-12-06T17:00:00Z.")
        private String to;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            PassgateConfig config = LogCommand.config(configFile, err);
            if (config == null) {
                return 1;
            }
            Instant value;
            try {
                value = to == null ? Instant.now() : Instant.parse(to);
            } catch (DateTimeParseException e) {
                err.println("passgate clock reset-floor: --to '" + to + "' is not an instant; expected e.g."
                        + " 2026-12-06T17:00:00Z");
                return 2;
            }
            Path socket = config.device().dataDir().toAbsolutePath().normalize().resolve("control")
                    .resolve(ControlServer.SOCKET_NAME);
            if (daemonAnswers(socket)) {
                err.println("passgate clock reset-floor: the daemon is running (it answers on " + socket + ");"
                        + " stop the service first: it keeps the floor it read at start");
                return 1;
            }
            Path file = floorFile(config);
            Instant before = TimeFloor.read(file);
            try (EntryLog log = EntryLog.open(config.device().dataDir().toAbsolutePath().normalize()
                    .resolve(Kiosk.ENTRY_LOG_FILE), config.device().id(),
                    EntryLogOptions.load(config.entryLog(), Clock.systemUTC()))) {
                Appended logged = log.append(new EntryRecord(value, System.nanoTime(), RESET_VERDICT, RESET_FORMAT,
                        null, null, !Instant.now().isBefore(value)));
                if (!(logged instanceof Appended.Written written)) {
                    err.println("passgate clock reset-floor: the entry log cannot record the reset (" + logged
                            + "); the floor is left at " + before);
                    return 1;
                }
                TimeFloor.reset(file, value);
                spec.commandLine().getOut().println(CBORObject.NewOrderedMap().Add("floor_before", before.toString())
                        .Add("floor", value.toString()).Add("logged_as", written.sequence()).ToJSONString());
                return 0;
            } catch (IOException | EntryLogException e) {
                err.println("passgate clock reset-floor: " + e.getMessage());
                return 1;
            }
        }
    }
}
