package dev.passgate.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The switches wired to GPIO inputs, each optional: {@code [inputs]} in the file. Inputs are read through the
 * same GPIO as the outputs, so the loader accepts them only with {@code feedback.gpio.enabled = true}.
 */
public record InputsConfig(Optional<InputPin> staffButton, Optional<InputPin> exitButton,
                           Optional<InputPin> doorContact) {
    /** The role names, as the tables under {@code [inputs]} and as the inputs' names in logs and test-io. */
    public static final String STAFF_BUTTON = "staff_button";
    public static final String EXIT_BUTTON = "exit_button";
    public static final String DOOR_CONTACT = "door_contact";

    /** No switch wired. */
    public static final InputsConfig NONE = new InputsConfig(Optional.empty(), Optional.empty(), Optional.empty());

    /** Rejects a missing part. */
    public InputsConfig {
        Objects.requireNonNull(staffButton, "staffButton");
        Objects.requireNonNull(exitButton, "exitButton");
        Objects.requireNonNull(doorContact, "doorContact");
    }

    /** The configured inputs by role name, in the order staff button, exit button, door contact. */
    public Map<String, InputPin> byName() {
        Map<String, InputPin> named = new LinkedHashMap<>();
        staffButton.ifPresent(pin -> named.put(STAFF_BUTTON, pin));
        exitButton.ifPresent(pin -> named.put(EXIT_BUTTON, pin));
        doorContact.ifPresent(pin -> named.put(DOOR_CONTACT, pin));
        return named;
    }

    public boolean any() {
        return !byName().isEmpty();
    }
}
