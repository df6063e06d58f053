package dev.passgate.hal.console;

import dev.passgate.hal.LightColor;
import dev.passgate.hal.StatusLight;
import java.io.PrintStream;
import java.util.Objects;

/**
 * A status light for the demo: prints {@code [light] GREEN} and the like for every colour shown, also when a
 * second verdict shows the same colour again (only a repeated OFF is not printed). Plain text
 * unless {@code ansi} is set, in which case the colour name is wrapped in ANSI colour codes. Close prints
 * {@code [light] OFF} if the light was on; later calls are ignored. Thread-safe.
 */
public final class ConsoleStatusLight implements StatusLight {
    private static final String RESET = "\u001B[0m";

    private final PrintStream out;
    private final boolean ansi;
    private LightColor color = LightColor.OFF;
    private boolean closed;

    public ConsoleStatusLight(PrintStream out, boolean ansi) {
        this.out = Objects.requireNonNull(out, "out");
        this.ansi = ansi;
    }

    @Override
    public synchronized void show(LightColor wanted) {
        Objects.requireNonNull(wanted, "color");
        if (closed || wanted == color && wanted == LightColor.OFF) {
            return;
        }
        color = wanted;
        out.println("[light] " + render(wanted));
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        show(LightColor.OFF);
        closed = true;
    }

    private String render(LightColor shown) {
        if (!ansi) {
            return shown.name();
        }
        String code = switch (shown) {
            case GREEN -> "\u001B[1;32m";
            case AMBER -> "\u001B[1;33m";
            case RED -> "\u001B[1;31m";
            case OFF -> "\u001B[2m";
        };
        return code + shown.name() + RESET;
    }
}
