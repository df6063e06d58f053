package dev.passgate.daemon.policy;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.verify.DoseSeries;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A holder's whole history, split into the events a policy decides on. DCC-shaped health data may hold several
 * entries: an EU DCC holds one, a SMART Health Card lists every dose (and tests), a PG1 credential may carry
 * several vaccination, test, recovery and exemption ({@code x}) entries. Each entry becomes one event: a copy of
 * the health data that keeps {@code ver}, {@code nam} and {@code dob} and holds that entry alone, so that every
 * rule written for one entry ({@code payload.v.0.dt}) reads it, plus a {@code history} object with what the rest
 * of the history says about it:
 *
 * <pre>
 * {"booster":   the dose is a booster by the EU encoding: dn &gt; sd, or dn above its product's series length,
 *  "complete":  the dose completes a primary series (dn &gt;= sd) or is a booster,
 *  "recovered": the history also holds a recovery entry with a date (fr, else df),
 *  "entries":   how many entries the history holds}
 * </pre>
 *
 * <p>When the history holds several entries, its vaccinations are ordered by date, numbered on from the first one's
 * {@code dn}, and each dose's {@code dn}/{@code sd} is derived by {@link DoseSeries} (a recovery dated before the
 * first dose makes the primary series one dose); a single entry (an EU DCC) keeps the {@code dn}/{@code sd} its
 * issuer wrote. Events come newest first (by {@code dt}, {@code sc} or {@code df}). Health data with no entry at all
 * gives one event holding the data as it is, so the policy's own rules reject it. The number of entries is bounded
 * ({@link #MAX_ENTRIES}): a longer history is no real holder's and is refused before any rule runs. Nothing here is
 * logged: it is personal data.
 */
final class HolderHistory {
    static final int MAX_ENTRIES = 32;
    static final List<String> TYPES = List.of("v", "t", "r", "x");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");

    private HolderHistory() {
    }

    /** One entry of the history, as the policy evaluates it. {@code type} is v, t, r, x or "" (no entry). */
    record Event(String type, String date, CBORObject payload, CBORObject history) {
    }

    /** The events newest first, or empty when the history holds more than {@link #MAX_ENTRIES} entries. */
    static Optional<List<Event>> events(CBORObject health) {
        int count = 0;
        for (String type : TYPES) {
            count += entries(health, type).size();
        }
        if (count > MAX_ENTRIES) {
            return Optional.empty();
        }
        boolean recovered = entries(health, "r").stream().anyMatch(r -> !recoveryDate(r).isEmpty());
        if (count == 0) {
            return Optional.of(List.of(new Event("", "", health, history(false, false, recovered, 0))));
        }
        List<Event> events = new ArrayList<>();
        List<CBORObject> doses = vaccinations(health, count);
        for (CBORObject dose : doses) {
            boolean booster = booster(dose);
            boolean complete = booster || (isInt(dose.get("dn")) && isInt(dose.get("sd"))
                    && dose.get("dn").AsInt32Value() >= dose.get("sd").AsInt32Value());
            events.add(new Event("v", date(dose, "dt"), single(health, "v", dose),
                    history(booster, complete, recovered, count)));
        }
        for (String type : List.of("t", "r", "x")) {
            String dateKey = type.equals("t") ? "sc" : "df";
            for (CBORObject entry : entries(health, type)) {
                events.add(new Event(type, date(entry, dateKey), single(health, type, entry),
                        history(false, false, recovered, count)));
            }
        }
        events.sort(Comparator.comparing(Event::date).reversed());
        return Optional.of(List.copyOf(events));
    }

    /** The vaccination entries; in a history of several entries, ordered by date with their EU dn/sd derived. */
    private static List<CBORObject> vaccinations(CBORObject health, int count) {
        List<CBORObject> doses = new ArrayList<>(entries(health, "v"));
        if (doses.isEmpty() || count < 2 || doses.size() == 1 && !isInt(doses.get(0).get("dn"))) {
            return doses;
        }
        doses.sort(Comparator.comparing(dose -> date(dose, "dt")));
        String first = text(doses.get(0), "mp");
        String firstDate = date(doses.get(0), "dt");
        boolean recoveredBefore = entries(health, "r").stream()
                .map(HolderHistory::recoveryDate)
                .anyMatch(d -> !d.isEmpty() && d.compareTo(firstDate) < 0);
        CBORObject firstDn = doses.get(0).get("dn");
        int base = isInt(firstDn) && firstDn.AsInt32Value() >= 1 ? firstDn.AsInt32Value() : 1;
        List<CBORObject> derived = new ArrayList<>();
        for (int i = 0; i < doses.size(); i++) {
            CBORObject copy = CBORObject.FromJSONString(doses.get(i).ToJSONString());
            int dn = Math.min(base, MAX_ENTRIES) + i;
            copy.set("dn", CBORObject.FromObject(dn));
            copy.set("sd", CBORObject.FromObject(DoseSeries.totalDoses(dn, first, recoveredBefore)));
            derived.add(copy);
        }
        return derived;
    }

    private static boolean booster(CBORObject dose) {
        CBORObject dn = dose.get("dn");
        CBORObject sd = dose.get("sd");
        return isInt(dn) && isInt(sd) && DoseSeries.booster(text(dose, "mp"), dn.AsInt32Value(), sd.AsInt32Value());
    }

    private static CBORObject single(CBORObject health, String type, CBORObject entry) {
        CBORObject copy = CBORObject.NewOrderedMap();
        for (CBORObject key : health.getKeys()) {
            if (key.getType() != CBORType.TextString || !TYPES.contains(key.AsString())) {
                copy.Add(key, health.get(key));
            }
        }
        return copy.Add(type, CBORObject.NewArray().Add(entry));
    }

    private static CBORObject history(boolean booster, boolean complete, boolean recovered, int entries) {
        return CBORObject.NewOrderedMap().Add("booster", booster).Add("complete", complete)
                .Add("recovered", recovered).Add("entries", entries);
    }

    private static List<CBORObject> entries(CBORObject health, String type) {
        CBORObject array = health.get(type);
        if (array == null || array.getType() != CBORType.Array) {
            return List.of();
        }
        List<CBORObject> entries = new ArrayList<>();
        for (CBORObject entry : array.getValues()) {
            if (entry.getType() == CBORType.Map) {
                entries.add(entry);
            }
        }
        return entries;
    }

    /** When a recovery happened: its first positive test {@code fr}, else its {@code df}; "" when neither. */
    private static String recoveryDate(CBORObject recovery) {
        return date(recovery, "fr").isEmpty() ? date(recovery, "df") : date(recovery, "fr");
    }

    /** The calendar-date part of a date or date-time field, or "" when it has none. */
    private static String date(CBORObject entry, String key) {
        String value = text(entry, key);
        return DATE.matcher(value).matches() ? value.substring(0, 10) : "";
    }

    private static String text(CBORObject entry, String key) {
        CBORObject value = entry.get(key);
        return value != null && value.getType() == CBORType.TextString ? value.AsString() : "";
    }

    private static boolean isInt(CBORObject value) {
        return value != null && value.getType() == CBORType.Integer && value.CanValueFitInInt32();
    }
}
