package dev.passgate.daemon.verify;

import java.util.Locale;

/** The pass formats passgate recognises by their prefix, as stable codes. */
public enum Format {
    HC1("HC1:"),
    SHC("shc:/"),
    PG1("PG1:"),
    UNKNOWN("");

    private final String prefix;

    Format(String prefix) {
        this.prefix = prefix;
    }

    public String prefix() {
        return prefix;
    }

    /** The format whose prefix the text starts with; prefixes are matched without regard to case. */
    public static Format of(String text) {
        String head = text.substring(0, Math.min(text.length(), 8)).toUpperCase(Locale.ROOT);
        for (Format format : values()) {
            if (format != UNKNOWN && head.startsWith(format.prefix.toUpperCase(Locale.ROOT))) {
                return format;
            }
        }
        return UNKNOWN;
    }
}
