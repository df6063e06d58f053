package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The structural rules passgate applies to a card's FHIR bundle before it reads anything from it. They are the
 * rules of the SMART Health Cards specification for cards shown as QR codes, plus the FHIR rules for the
 * elements passgate reads; it is not a FHIR schema validator, and elements passgate does not read are only
 * checked by the generic rules.
 * <ul>
 *   <li>The bundle is a {@code Bundle} of type {@code collection} with at least one entry; each entry has a
 *       {@code fullUrl} of the short form {@code resource:N} and a resource with a {@code resourceType}.</li>
 *   <li>Every {@code reference} is of the short form {@code resource:N} (required for cards in QR codes).</li>
 *   <li>No value is empty ({@code ""}, {@code []}, {@code {}}), as FHIR JSON forbids.</li>
 *   <li>Every {@code Coding} (in a {@code coding} array or {@code meta.security}) has only Coding elements.</li>
 *   <li>At most one {@code Patient}; its {@code birthDate}, when present, is a FHIR date.</li>
 *   <li>Each {@code Immunization} has status {@code completed}, a {@code vaccineCode} with coded codings, and
 *       exactly one occurrence, an {@code occurrenceDateTime} that is a FHIR dateTime.</li>
 *   <li>An {@code Observation}'s {@code effectiveDateTime}, when present, is a FHIR dateTime.</li>
 * </ul>
 * Problems are reported by position (entry index and element names), never by value, since values are personal.
 */
final class FhirShape {
    private static final Pattern SHORT_REFERENCE = Pattern.compile("resource:\\d{1,6}");
    private static final Set<String> CODING_ELEMENTS = Set.of("id", "extension", "system", "version", "code",
            "display", "userSelected");

    private FhirShape() {
    }

    static Optional<String> problem(CBORObject bundle) {
        if (!Json.isObject(bundle)) {
            return Optional.of("the card has no FHIR bundle object");
        }
        if (!"Bundle".equals(Json.string(bundle, "resourceType").orElse(null))
                || !"collection".equals(Json.string(bundle, "type").orElse(null))) {
            return Optional.of("the FHIR bundle is not a Bundle of type collection");
        }
        CBORObject entries = bundle.get("entry");
        if (!Json.isArray(entries) || entries.size() == 0) {
            return Optional.of("the FHIR bundle has no entries");
        }
        Optional<String> generic = walk(bundle, "bundle", null);
        if (generic.isPresent()) {
            return generic;
        }
        int patients = 0;
        for (int i = 0; i < entries.size(); i++) {
            CBORObject entry = entries.get(i);
            String where = "entry " + i;
            if (!Json.isObject(entry) || !SHORT_REFERENCE.matcher(Json.string(entry, "fullUrl").orElse("")).matches()) {
                return Optional.of(where + " has no fullUrl of the form resource:N");
            }
            CBORObject resource = entry.get("resource");
            String type = Json.string(resource, "resourceType").orElse(null);
            if (type == null) {
                return Optional.of(where + " has no resource with a resourceType");
            }
            Optional<String> problem = switch (type) {
                case "Patient" -> patient(resource, where, ++patients);
                case "Immunization" -> immunization(resource, where);
                case "Observation" -> observation(resource, where);
                default -> Optional.empty();
            };
            if (problem.isPresent()) {
                return problem;
            }
        }
        return Optional.empty();
    }

    private static Optional<String> patient(CBORObject patient, String where, int count) {
        if (count > 1) {
            return Optional.of(where + " is a second Patient; a card is about one person");
        }
        CBORObject birthDate = patient.get("birthDate");
        boolean isDate = birthDate != null && birthDate.getType() == CBORType.TextString
                && FhirDates.isDate(birthDate.AsString());
        if (birthDate != null && !isDate) {
            return Optional.of(where + " (Patient) has a birthDate that is not a FHIR date");
        }
        return Optional.empty();
    }

    private static Optional<String> immunization(CBORObject immunization, String where) {
        String status = Json.string(immunization, "status").orElse(null);
        if (!"completed".equals(status)) {
            return Optional.of(where + " (Immunization) has status " + (status == null ? "nothing"
                    : "'" + abbreviate(status) + "'") + ", expected 'completed'");
        }
        CBORObject codings = Json.isObject(immunization.get("vaccineCode"))
                ? immunization.get("vaccineCode").get("coding") : null;
        if (!Json.isArray(codings) || codings.size() == 0) {
            return Optional.of(where + " (Immunization) has no vaccineCode.coding");
        }
        for (CBORObject coding : codings.getValues()) {
            if (Json.string(coding, "code").isEmpty()) {
                return Optional.of(where + " (Immunization) has a vaccineCode coding without a code");
            }
        }
        long occurrences = immunization.getKeys().stream()
                .filter(key -> key.getType() == CBORType.TextString && key.AsString().startsWith("occurrence")).count();
        String occurrence = Json.string(immunization, "occurrenceDateTime").orElse(null);
        if (occurrences != 1 || occurrence == null) {
            return Optional.of(where + " (Immunization) has " + occurrences + " occurrence elements, expected one "
                    + "occurrenceDateTime");
        }
        if (!FhirDates.isDateTime(occurrence)) {
            return Optional.of(where + " (Immunization) has an occurrenceDateTime that is not a FHIR dateTime");
        }
        return Optional.empty();
    }

    private static Optional<String> observation(CBORObject observation, String where) {
        CBORObject effective = observation.get("effectiveDateTime");
        if (effective != null && (effective.getType() != CBORType.TextString
                || !FhirDates.isDateTime(effective.AsString()))) {
            return Optional.of(where + " (Observation) has an effectiveDateTime that is not a FHIR dateTime");
        }
        return Optional.empty();
    }

    /** The generic rules, over every element: no empty values, short references, Coding elements only. */
    private static Optional<String> walk(CBORObject value, String path, String key) {
        switch (value.getType()) {
            case TextString -> {
                if (value.AsString().isEmpty()) {
                    return Optional.of("the FHIR bundle has an empty string at " + path);
                }
                if ("reference".equals(key) && !SHORT_REFERENCE.matcher(value.AsString()).matches()) {
                    return Optional.of("the FHIR bundle has a reference that is not of the form resource:N at "
                            + path);
                }
            }
            case Array -> {
                if (value.size() == 0) {
                    return Optional.of("the FHIR bundle has an empty array at " + path);
                }
                for (int i = 0; i < value.size(); i++) {
                    CBORObject item = value.get(i);
                    if (("coding".equals(key) || "security".equals(key)) && !isCoding(item)) {
                        return Optional.of("the FHIR bundle has a " + key + " item that is not a FHIR Coding at "
                                + path + "[" + i + "]");
                    }
                    Optional<String> problem = walk(item, path + "[" + i + "]", key);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
            }
            case Map -> {
                if (value.size() == 0) {
                    return Optional.of("the FHIR bundle has an empty object at " + path);
                }
                for (CBORObject member : value.getKeys()) {
                    String name = member.AsString();
                    Optional<String> problem = walk(value.get(member), path + "." + name, name);
                    if (problem.isPresent()) {
                        return problem;
                    }
                }
            }
            default -> {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static boolean isCoding(CBORObject item) {
        return Json.isObject(item) && item.getKeys().stream()
                .allMatch(k -> k.getType() == CBORType.TextString && CODING_ELEMENTS.contains(k.AsString()));
    }

    private static String abbreviate(String text) {
        return text.length() <= 20 ? text : text.substring(0, 20) + "...";
    }
}
