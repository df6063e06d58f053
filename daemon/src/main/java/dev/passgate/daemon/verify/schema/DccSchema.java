package dev.passgate.daemon.verify.schema;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded EU DCC health certificate (the hcert, CWT claim -260 → 1) against the DCC JSON schema of its
 * {@code ver}, and against passgate's structural minimum.
 *
 * <p><b>Schema.</b> The combined schemas of releases 1.0.0 to 1.3.3 ship as resources (upstream data, Apache-2.0;
 * see {@code eu-dcc-schema/NOTICE} beside this class) and are compiled once by {@link JsonSchema}. The release is
 * the one named by {@code ver}; a {@code ver} that is missing or names no known release falls back to the newest,
 * {@value #NEWEST}. On top of the schema, every release must hold exactly one of {@code v}, {@code t} and
 * {@code r} (the schemas say so from 1.3.0; earlier ones left it to the text of the specification).
 *
 * <p><b>Leniency: a schema failure warns, only the structural minimum rejects.</b> Real issuers shipped millions
 * of slightly-off certificates (Bulgaria wrote JSON nulls for the absent groups and date-times for dates; others
 * empty country codes or partial dates before the schema allowed them), and the DCC FAQ asks verifiers to be
 * tolerant there ("Postel's law"): a kiosk that turned those people away would fail at the door for a data
 * glitch the signature already vouches for. So a schema failure is recorded ({@code checks.schema=false}, and the
 * first violation in the reason of an otherwise valid pass) and the decision goes on. Only a certificate without
 * {@link #STRUCTURAL_MINIMUM} is refused as {@code MALFORMED}: without it the kiosk cannot tell what the pass
 * certifies or whom it names. A structural failure is always a schema failure as well.
 *
 * <p><b>Value sets.</b> The coded fields (tg, vp, mp, ma, tt, tr, co) are also checked against the EU DCC value
 * sets ({@link ValueSets}: the shipped copy, or another one given by {@link #withValueSets}). A code outside its
 * value set is a finding of the schema step, kept apart from the JSON-schema violations (the EU reference
 * validators report them apart too, and the schema verdicts of the conformance suites are about the JSON schema
 * alone); like them it warns and never rejects. Whether a venue accepts a product or a test type stays the venue
 * policy's concern.
 */
public final class DccSchema {
    /** The rule a certificate must meet to be decided at all; anything less is MALFORMED. */
    public static final String STRUCTURAL_MINIMUM = "exactly one of the groups v, t and r is an array of one or "
            + "more maps, and the other two are absent, null or empty arrays; nam is a map; dob is a text string";
    public static final String NEWEST = "1.3.3";
    private static final List<String> RELEASES = List.of("1.0.0", "1.0.1", "1.1.0", "1.2.0", "1.2.1", "1.3.0",
            "1.3.1", "1.3.2", NEWEST);
    private static final List<String> GROUPS = List.of("v", "t", "r");
    private static final int MAX_VIOLATIONS = 3;

    private final Map<String, JsonSchema> schemas;
    private final ValueSets valueSets;

    private DccSchema(Map<String, JsonSchema> schemas, ValueSets valueSets) {
        this.schemas = schemas;
        this.valueSets = valueSets;
    }

    /** The same schemas, checking codes against {@code other} value sets (for example a trust bundle's). */
    public DccSchema withValueSets(ValueSets other) {
        return new DccSchema(schemas, other);
    }

    /**
     * The outcome of the checks. {@code violations} is empty when the certificate meets its schema;
     * {@code valueSetFindings} is empty when every coded field holds a code from its EU value set.
     */
    public record Result(String release, List<String> violations, String structuralFailure,
                         List<String> valueSetFindings) {
        public boolean valid() {
            return violations.isEmpty();
        }

        public boolean structurallySound() {
            return structuralFailure == null;
        }
    }

    /** The shipped releases, loaded and compiled once. */
    public static DccSchema shipped() {
        return Shipped.INSTANCE;
    }

    public List<String> releases() {
        return RELEASES;
    }

    public Result check(CBORObject hcert) {
        CBORObject ver = hcert.get("ver");
        String release = ver != null && ver.getType() == CBORType.TextString && schemas.containsKey(ver.AsString())
                ? ver.AsString() : NEWEST;
        List<String> violations = new ArrayList<>(schemas.get(release).violations(hcert, MAX_VIOLATIONS));
        long keys = GROUPS.stream().filter(group -> hcert.get(group) != null).count();
        if (keys != 1 && violations.size() < MAX_VIOLATIONS) {
            violations.add("(root) has " + keys + " of the properties v, t and r, expected exactly one");
        }
        return new Result(release, List.copyOf(violations), structuralFailure(hcert),
                valueSets.violations(hcert, MAX_VIOLATIONS));
    }

    /** Why the certificate lacks {@link #STRUCTURAL_MINIMUM}, or null when it has it. */
    private static String structuralFailure(CBORObject hcert) {
        int holding = 0;
        for (String group : GROUPS) {
            CBORObject entries = hcert.get(group);
            if (entries == null || entries.isNull() || entries.getType() == CBORType.Array && entries.size() == 0) {
                continue;
            }
            if (entries.getType() != CBORType.Array
                    || !entries.getValues().stream().allMatch(e -> e.getType() == CBORType.Map)) {
                return "its group " + group + " is not an array of maps";
            }
            holding++;
        }
        if (holding != 1) {
            return "it has entries in " + holding + " of the groups v, t and r, expected exactly one";
        }
        CBORObject nam = hcert.get("nam");
        if (nam == null || nam.getType() != CBORType.Map) {
            return "it has no name map (nam)";
        }
        CBORObject dob = hcert.get("dob");
        if (dob == null || dob.getType() != CBORType.TextString) {
            return "it has no date of birth text (dob)";
        }
        return null;
    }

    /** Lazy holder: the schemas are read and compiled on first use, once. */
    private static final class Shipped {
        static final DccSchema INSTANCE = load();

        private static DccSchema load() {
            Map<String, JsonSchema> schemas = new LinkedHashMap<>();
            for (String release : RELEASES) {
                String family = release.compareTo("1.2.1") < 0 ? "DGC" : "DCC";
                String resource = "eu-dcc-schema/" + release + "/" + family + ".combined-schema.json";
                try (InputStream in = DccSchema.class.getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new IllegalStateException("missing resource " + resource);
                    }
                    String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    schemas.put(release, JsonSchema.compile(CBORObject.FromJSONString(text)));
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + resource, e);
                }
            }
            return new DccSchema(Map.copyOf(schemas), ValueSets.shipped());
        }
    }
}
