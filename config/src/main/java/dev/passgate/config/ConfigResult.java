package dev.passgate.config;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of loading a configuration: either a complete, valid {@link PassgateConfig} or the list of
 * everything wrong with the file. A bad file is a normal outcome, not an exception; a caller that reloads
 * keeps its running configuration on {@link Invalid}.
 */
public sealed interface ConfigResult permits ConfigResult.Loaded, ConfigResult.Invalid {

    /** The file was valid; {@code config} holds every value, defaults filled in. */
    record Loaded(PassgateConfig config) implements ConfigResult {

        /** Rejects a missing configuration. */
        public Loaded {
            Objects.requireNonNull(config, "config");
        }
    }

    /** The file was not valid; {@code errors} holds every error found, at least one, as the loader ordered them. */
    record Invalid(List<ConfigError> errors) implements ConfigResult {

        /** Rejects an empty list and keeps an unmodifiable copy. */
        public Invalid {
            errors = List.copyOf(errors);
            if (errors.isEmpty()) {
                throw new IllegalArgumentException("errors: found none, expected at least one");
            }
        }
    }
}
