package dev.passgate.daemon.app;

import dev.passgate.daemon.verify.TrustStore;
import java.io.InputStream;
import java.io.PrintStream;
import java.time.Clock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * What the kiosk takes from the world besides its configuration: wall and monotonic time, standard input and
 * the console, trust entries added by the caller (the demo's issuer), and a listener told of every decision.
 */
public record Environment(Clock clock, LongSupplier monotonic, InputStream stdin, PrintStream console,
                          TrustStore extraTrust, Consumer<Decision> listener) {

    /** The real world: system clock, System.nanoTime, standard streams, no extra trust, nobody listening. */
    public static Environment system() {
        return new Environment(Clock.systemUTC(), System::nanoTime, System.in, System.out, TrustStore.empty(),
                decision -> { });
    }

    public Environment withExtraTrust(TrustStore trust) {
        return new Environment(clock, monotonic, stdin, console, trust, listener);
    }

    public Environment withListener(Consumer<Decision> newListener) {
        return new Environment(clock, monotonic, stdin, console, extraTrust, newListener);
    }
}
