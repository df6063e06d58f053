package dev.passgate.daemon.verify.shc;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.verify.DoseSeries;
import dev.passgate.daemon.verify.HolderIdentity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Converts a card's FHIR bundle (already checked by {@link FhirShape}) into passgate's DCC-shaped health model,
 * so that one set of venue rules serves every pass format:
 * <pre>
 *   {"ver": "1.3.0",
 *    "nam": {"fn": family, "gn": given names joined by spaces, "fnt": ..., "gnt": ...},   from the Patient
 *    "dob": birthDate,
 *    "v": [{"tg": "840539006", "mp": product, "dn": n, "sd": count, "dt": date, "is": iss}, ...],
 *    "t": [{"tg": "840539006", "tt": test type, "sc": effectiveDateTime, "tr": result, "is": iss}, ...]}
 * </pre>
 * {@code v} holds the Immunizations whose CVX code is a COVID-19 vaccine, ordered by date: {@code mp} is the EU
 * product number where the product has one (207 Moderna, 208 Pfizer-BioNTech, 210 AstraZeneca, 212 Janssen),
 * else {@code CVX-<code>}; {@code dn} is the dose's place in that order and {@code sd} follows the EU encoding
 * ({@link DoseSeries}: 2/2 for a two-dose primary series, 3/3 for its booster, 2/1 for a booster after Janssen).
 * {@code t} holds final SARS-CoV-2 Observations whose LOINC code passgate knows (NAAT → LP6464-4, rapid
 * antigen → LP217198-3) and whose result is coded as detected (260373001) or not detected (260415000). Other
 * immunizations, tests and resources are left out. {@code co} is absent: a card names no country of
 * vaccination. The model is personal data: it is only handed to policies, never printed.
 */
final class DccModel {
    static final String COVID_19 = "840539006";
    private static final String CVX = "http://hl7.org/fhir/sid/cvx";
    private static final String LOINC = "http://loinc.org";
    private static final String SNOMED = "http://snomed.info/sct";
    private static final Map<String, String> EU_PRODUCTS = Map.of("207", "EU/1/20/1507", "208", "EU/1/20/1528",
            "210", "EU/1/21/1529", "212", "EU/1/20/1525");
    private static final Set<String> COVID_CVX = Set.of("207", "208", "210", "211", "212", "213", "217", "218",
            "219", "221", "225", "226", "227", "228", "229", "230", "300", "301", "302", "500", "501", "502", "503",
            "504", "505", "506", "507", "508", "509", "510", "511", "512");
    private static final Set<String> NAAT_LOINC = Set.of("94500-6", "94309-2", "94306-8", "94533-7", "94534-5",
            "94559-2", "94759-8", "94845-5", "95406-5");
    private static final Set<String> ANTIGEN_LOINC = Set.of("94558-4", "95209-3", "97097-0");
    private static final Map<String, String> RESULTS = Map.of("260373001", "260373001", "10828004", "260373001",
            "260415000", "260415000", "260385009", "260415000");
    private static final Set<String> FINAL_STATUSES = Set.of("final", "amended", "corrected");

    private DccModel() {
    }

    private record Dose(String product, String date) {
    }

    static CBORObject of(CBORObject bundle, String issuer) {
        CBORObject model = CBORObject.NewOrderedMap().Add("ver", "1.3.0");
        List<Dose> doses = new ArrayList<>();
        CBORObject tests = CBORObject.NewArray();
        for (CBORObject entry : bundle.get("entry").getValues()) {
            CBORObject resource = entry.get("resource");
            switch (Json.string(resource, "resourceType").orElse("")) {
                case "Patient" -> addPatient(model, resource);
                case "Immunization" -> dose(resource).ifPresent(doses::add);
                case "Observation" -> test(resource, issuer).ifPresent(tests::Add);
                default -> {
                }
            }
        }
        if (!doses.isEmpty()) {
            doses.sort(Comparator.comparing(Dose::date));
            CBORObject vaccinations = CBORObject.NewArray();
            for (int i = 0; i < doses.size(); i++) {
                vaccinations.Add(CBORObject.NewOrderedMap().Add("tg", COVID_19).Add("mp", doses.get(i).product())
                        .Add("dn", i + 1).Add("sd", DoseSeries.totalDoses(i + 1, doses.get(0).product(), false))
                        .Add("dt", doses.get(i).date()).Add("is", issuer));
            }
            model.Add("v", vaccinations);
        }
        if (tests.size() > 0) {
            model.Add("t", tests);
        }
        return model;
    }

    private static void addPatient(CBORObject model, CBORObject patient) {
        CBORObject names = patient.get("name");
        CBORObject name = Json.isArray(names) && names.size() > 0 ? names.get(0) : null;
        String family = Json.string(name, "family").orElse("");
        List<String> given = new ArrayList<>();
        CBORObject givenNames = name == null ? null : name.get("given");
        if (Json.isArray(givenNames)) {
            givenNames.getValues().stream().filter(g -> g.getType() == CBORType.TextString)
                    .forEach(g -> given.add(g.AsString()));
        }
        if (family.isEmpty() && given.isEmpty()) {
            family = Json.string(name, "text").orElse("");
        }
        CBORObject nam = CBORObject.NewOrderedMap();
        if (!family.isEmpty()) {
            nam.Add("fn", family).Add("fnt", HolderIdentity.standardised(family));
        }
        if (!given.isEmpty()) {
            String joined = String.join(" ", given);
            nam.Add("gn", joined).Add("gnt", HolderIdentity.standardised(joined));
        }
        if (nam.size() > 0) {
            model.Add("nam", nam);
        }
        Json.string(patient, "birthDate").ifPresent(dob -> model.Add("dob", dob));
    }

    private static Optional<Dose> dose(CBORObject immunization) {
        Optional<String> cvx = code(immunization.get("vaccineCode"), CVX).filter(COVID_CVX::contains);
        Optional<String> date = Json.string(immunization, "occurrenceDateTime").map(FhirDates::datePart);
        if (cvx.isEmpty() || date.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Dose(EU_PRODUCTS.getOrDefault(cvx.get(), "CVX-" + cvx.get()), date.get()));
    }

    private static Optional<CBORObject> test(CBORObject observation, String issuer) {
        if (!FINAL_STATUSES.contains(Json.string(observation, "status").orElse(""))) {
            return Optional.empty();
        }
        Optional<String> loinc = code(observation.get("code"), LOINC);
        String type = loinc.filter(NAAT_LOINC::contains).map(c -> "LP6464-4")
                .or(() -> loinc.filter(ANTIGEN_LOINC::contains).map(c -> "LP217198-3")).orElse(null);
        Optional<String> result = code(observation.get("valueCodeableConcept"), SNOMED).map(RESULTS::get);
        Optional<String> collected = Json.string(observation, "effectiveDateTime");
        if (type == null || result.isEmpty() || collected.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(CBORObject.NewOrderedMap().Add("tg", COVID_19).Add("tt", type).Add("sc", collected.get())
                .Add("tr", result.get()).Add("is", issuer));
    }

    /** The code of the first coding of a CodeableConcept in the given system. */
    private static Optional<String> code(CBORObject concept, String system) {
        CBORObject codings = Json.isObject(concept) ? concept.get("coding") : null;
        if (!Json.isArray(codings)) {
            return Optional.empty();
        }
        return codings.getValues().stream().filter(c -> system.equals(Json.string(c, "system").orElse(null)))
                .map(c -> Json.string(c, "code")).flatMap(Optional::stream).findFirst();
    }
}
