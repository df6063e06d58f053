package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate status}: asks the running daemon over its control socket ({@code <data_dir>/control/passgate.sock})
 * and prints its state for a technician ({@link StatusText}), or the JSON with {@code --json}. Exit 0 when the
 * daemon answered and is running, 1 when it is degraded (each problem is named with its fix) or not reachable.
 */
@Command(name = "status", description = "Show the running daemon's state (over its local control socket).")
public final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ControlSocketOptions target = new ControlSocketOptions();

    @Option(names = "--json", description = "Print the status as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        Path path = target.resolve(spec.commandLine().getErr());
        if (path == null) {
            return 1;
        }
        String reply;
        try {
            reply = ControlClient.ask(path, "status");
        } catch (IOException e) {
            spec.commandLine().getErr().println("passgate is not running or not reachable at " + path + ": "
                    + e.getMessage());
            return 1;
        }
        try {
            CBORObject status = CBORObject.FromJSONString(reply);
            spec.commandLine().getOut().println(json ? reply : StatusText.format(status));
            return "running".equals(status.get("state").AsString()) ? 0 : 1;
        } catch (CBORException | NullPointerException | IllegalStateException e) {
            spec.commandLine().getErr().println("unexpected answer from " + path);
            return 1;
        }
    }
}
