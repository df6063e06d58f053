package dev.passgate.daemon.service;

import org.tinylog.Logger;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Where a request to reload the configuration comes from besides the control socket: SIGHUP for the daemon
 * ({@code systemctl reload} sends it, see the unit's {@code ExecReload}), nothing in tests, which call the reload
 * directly. The JDK has no public signal API; {@code sun.misc.Signal} (module {@code jdk.unsupported}) is what it
 * offers on 17 and 21. Its handler runs on a thread of the JVM's own; the action must not block for long. A SIGHUP
 * that was ignored when the process started (under {@code nohup}, say) stays ignored: the JVM does not take it over.
 */
@FunctionalInterface
public interface ReloadSignal {
    /** No signal: reloads come from the control socket only. */
    ReloadSignal NONE = action -> () -> { };

    /** Runs {@code action} on each request until the returned handle is closed. */
    AutoCloseable install(Runnable action);

    /** SIGHUP; where the JVM does not let passgate handle it, a warning and no signal. */
    static ReloadSignal sighup() {
        return action -> {
            try {
                Signal hup = new Signal("HUP");
                SignalHandler previous = Signal.handle(hup, signal -> action.run());
                if (previous == SignalHandler.SIG_IGN) {
                    Logger.warn("SIGHUP was ignored when this process started (nohup?) and stays ignored; reload"
                            + " with `passgate reload` instead");
                }
                return () -> Signal.handle(hup, previous);
            } catch (IllegalArgumentException e) {
                Logger.warn("cannot handle SIGHUP ({}); reload with `passgate reload` instead", e.getMessage());
                return () -> { };
            }
        };
    }
}
