package dev.passgate.config;

/**
 * How much of one field of a scan the entry log keeps; written in lower case in the file
 * ({@code "pseudonymous"}). What each level stores for each field is listed in {@code config/CONFIG.md} and
 * {@code docs/entry-log.md}; {@link EntryFieldsConfig} says which levels a field accepts.
 */
public enum FieldLevel {
    /** The field is not stored at all. */
    NONE,
    /** Only a keyed pseudonym of the field is stored, never its value. */
    PSEUDONYMOUS,
    /** The field's value is stored; for a person, only where the venue may keep it. */
    FULL
}
