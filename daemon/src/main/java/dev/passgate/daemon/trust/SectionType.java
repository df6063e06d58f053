package dev.passgate.daemon.trust;

import java.util.Optional;

/** The kinds of section a trust bundle of format version 1 may hold, each at most once, by their wire names. */
public enum SectionType {
    DCC_SIGNERS("dcc-signers"),
    SHC_ISSUERS("shc-issuers"),
    PG1_KEYS("pg1-keys"),
    RULE_SETS("rule-sets"),
    VALUE_SETS("value-sets"),
    PG1_REVOCATION("pg1-revocation"),
    REVOCATION("revocation");

    private final String wireName;

    SectionType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the section is one JSON document (every type but the binary revocation stream). */
    public boolean json() {
        return this != REVOCATION;
    }

    public static Optional<SectionType> byWireName(String name) {
        for (SectionType type : values()) {
            if (type.wireName.equals(name)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
