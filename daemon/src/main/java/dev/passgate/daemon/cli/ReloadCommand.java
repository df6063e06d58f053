package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code passgate reload}: asks the running daemon over its control socket to re-read its configuration file, as
 * SIGHUP does, and prints the outcome: applied (and which changed keys need a restart) or rejected with every error.
 * Exit 0 when the file was applied, 1 when it was rejected or the daemon is not reachable (with {@code --json}:
 * {@code {"result":"unreachable","socket":...,"error":...}}). A file with errors still leads to the daemon
 * ({@link ControlClient#socketOf}), which re-reads it and reports every error.
 */
@Command(name = "reload", description = "Make the running daemon re-read its configuration file.")
public final class ReloadCommand implements Callable<Integer> {
    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin
    private ControlSocketOptions target = new ControlSocketOptions();

    @Option(names = "--json", description = "Print the outcome as one JSON object.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        Path path = target.resolve(err);
        if (path == null) {
            return 1;
        }
        String reply;
        try {
            reply = ControlClient.ask(path, "reload");
        } catch (IOException e) {
            err.println("passgate is not running or not reachable at " + path + ": " + e.getMessage());
            if (json) {
                spec.commandLine().getOut().println(CBORObject.NewOrderedMap().Add("result", "unreachable")
                        .Add("socket", path.toString()).Add("error", String.valueOf(e.getMessage())).ToJSONString());
            }
            return 1;
        }
        try {
            CBORObject report = CBORObject.FromJSONString(reply);
            String result = report.get("result").AsString();
            if (json) {
                spec.commandLine().getOut().println(reply);
            } else {
                print(report, result);
            }
            return "applied".equals(result) ? 0 : 1;
        } catch (CBORException | NullPointerException | IllegalStateException e) {
            err.println("unexpected answer from " + path);
            return 1;
        }
    }

    private void print(CBORObject report, String result) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("reload " + result + ": " + report.get("source").AsString());
        for (CBORObject error : report.get("errors").getValues()) {
            out.println("  " + error.AsString());
        }
        if (report.get("restartRequired").size() > 0) {
            StringBuilder keys = new StringBuilder();
            for (CBORObject key : report.get("restartRequired").getValues()) {
                keys.append(keys.length() == 0 ? "" : ", ").append(key.AsString());
            }
            out.println("restart required for: " + keys);
        }
    }
}
