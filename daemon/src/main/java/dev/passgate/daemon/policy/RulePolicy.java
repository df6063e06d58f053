package dev.passgate.daemon.policy;

import com.upokecenter.cbor.CBORException;
import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.policy.certlogic.Bounds;
import dev.passgate.daemon.policy.certlogic.CertLogic;
import dev.passgate.daemon.policy.certlogic.Evaluation;
import dev.passgate.daemon.verify.Outcome;
import dev.passgate.daemon.verify.Verdict;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.tinylog.Logger;

/**
 * A policy made of CertLogic rules (read by {@link PolicyFile}), applied to the holder's whole history: the
 * health data is split into one event per entry ({@link HolderHistory}), newest first, and the pass is admitted
 * by the newest event that every rule admits. When no event is admitted, the answer is the rejection of the
 * newest event that still qualifies (rejected as expired or not yet valid, or with a feedback prefix such as
 * {@code EXEMPT_CHECK_ID:}), else the newest event's: an expired primary series is the answer for a holder whose
 * later dose is of a product the venue does not take. For each event, each rule that applies to its certificate
 * type is evaluated, in file order, on this data context:
 *
 * <pre>
 * {"payload": the event: the DCC-shaped health data (ver, nam, dob) with its one v/t/r/x entry, as JSON,
 *  "external": {"validationClock":    the instant of the decision, ISO-8601 UTC, e.g. 2022-03-12T14:59:59Z,
 *               "validationDate":     the policy time zone's calendar date at that instant, e.g. 2022-03-12,
 *               "validationDayStart": the instant that calendar day began, e.g. 2022-03-12T00:00:00+09:00,
 *               "timeZone":           the policy's time zone id, e.g. Asia/Seoul,
 *               "valueSets":          the policy file's value sets, with those of the installed trust
 *                                     bundle replacing any of the same id ({@link BundledPolicies})},
 *  "history":  what the rest of the history says about the event (booster, complete, recovered, entries)}
 * </pre>
 *
 * <p>CertLogic itself only knows the UTC calendar, so day arithmetic in the policy's zone compares calendar
 * dates with {@code validationDate} (a date such as {@code dt} plus 14 days, both read as UTC midnights) and
 * instants with {@code validationDayStart}. The first rule that does not evaluate to {@code true} decides: the
 * outcome gets that rule's verdict and reason, with the policy and rule id appended, and a failed
 * {@code policy} check. A rule that cannot be evaluated on the pass (a malformed date, a missing field) rejects
 * it with {@code POLICY_REJECTED}: the policy fails closed. When every rule passes, the outcome stays
 * {@code VALID} with a passed {@code policy} check. Reasons never contain personal data: they come from the
 * policy file, never from the pass.
 */
public final class RulePolicy implements Policy {
    private static final Map<String, String> EVENT_NAMES = Map.of("v", "vaccination", "t", "test", "r", "recovery",
            "x", "exemption", "", "");
    private static final Pattern FEEDBACK_PREFIX = Pattern.compile("^[A-Z][A-Z_]*:");
    private static final DateTimeFormatter DAY_START = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ssXXX");
    private final String name;
    private final String description;
    private final ZoneId zone;
    private final CBORObject valueSets;
    private final List<PolicyRule> rules;

    RulePolicy(String name, String description, ZoneId zone, CBORObject valueSets, List<PolicyRule> rules) {
        this.name = name;
        this.description = description;
        this.zone = zone;
        this.valueSets = valueSets;
        this.rules = List.copyOf(rules);
    }

    /**
     * This policy with {@code extra} value sets (an object of arrays) added to its own; an id in both takes the
     * array of {@code extra}, so value sets delivered in a trust bundle replace those written in the policy file.
     */
    RulePolicy withValueSets(CBORObject extra) {
        CBORObject merged = CBORObject.NewOrderedMap();
        for (CBORObject key : valueSets.getKeys()) {
            merged.set(key, valueSets.get(key));
        }
        for (CBORObject key : extra.getKeys()) {
            merged.set(key, extra.get(key));
        }
        return new RulePolicy(name, description, zone, merged, rules);
    }

    @Override
    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public ZoneId zone() {
        return zone;
    }

    public List<PolicyRule> rules() {
        return rules;
    }

    @Override
    public Outcome apply(Outcome verified, Instant at) {
        CBORObject payload = verified.healthData().map(RulePolicy::asJson).orElse(null);
        if (payload == null || payload.getType() != CBORType.Map) {
            return rejected(verified, Verdict.POLICY_REJECTED, "the pass has no health data that policy " + name
                    + " can read");
        }
        Optional<List<HolderHistory.Event>> events = HolderHistory.events(payload);
        if (events.isEmpty()) {
            return rejected(verified, Verdict.POLICY_REJECTED, "the pass holds more than "
                    + HolderHistory.MAX_ENTRIES + " entries, more than policy " + name + " reads");
        }
        CBORObject external = external(at);
        Outcome newestRejection = null;
        Outcome newestQualifying = null;
        for (HolderHistory.Event event : events.get()) {
            Outcome decided = decide(verified, event, external);
            if (decided == null) {
                String which = events.get().size() > 1 ? " by its newest qualifying " + EVENT_NAMES.get(event.type())
                        + " entry" : "";
                return verified.withCheck("policy", true).withVerdict(Verdict.VALID, verified.reason()
                        + "; policy " + name + " admits the pass" + which);
            }
            if (newestRejection == null) {
                newestRejection = decided;
            }
            if (newestQualifying == null && qualifies(decided)) {
                newestQualifying = decided;
            }
        }
        return newestQualifying != null ? newestQualifying : newestRejection;
    }

    /**
     * Whether a rejected event still qualifies as the holder's standing: rejected for its time (expired, not yet
     * valid) or with an outcome staff act on (a reason with a feedback prefix such as EXEMPT_CHECK_ID:), rather
     * than being no proof at all (a product the venue does not take, an incomplete series).
     */
    private static boolean qualifies(Outcome rejection) {
        return rejection.verdict() != Verdict.POLICY_REJECTED || FEEDBACK_PREFIX.matcher(rejection.reason()).find();
    }

    /** The rejection of one event of the holder's history, or null when every rule admits it. */
    private Outcome decide(Outcome verified, HolderHistory.Event event, CBORObject external) {
        CBORObject payload = event.payload();
        CBORObject data = CBORObject.NewOrderedMap().Add("payload", payload).Add("external", external)
                .Add("history", event.history());
        for (PolicyRule rule : rules) {
            if (!rule.appliesTo(payload)) {
                continue;
            }
            Evaluation result;
            try {
                result = CertLogic.evaluate(rule.logic(), data, Bounds.DEFAULT);
            } catch (RuntimeException e) {
                Logger.error("policy {} rule {} failed with {}", name, rule.id(), e.getClass().getName());
                result = new Evaluation(null, "internal error", 0);
            }
            if (result.ok() && result.value().getType() == CBORType.Boolean) {
                if (result.value().AsBoolean()) {
                    continue;
                }
                return rejected(verified, rule.verdict(), rule.reason() + " (" + name + " " + rule.id() + ")");
            }
            return rejected(verified, Verdict.POLICY_REJECTED, "policy " + name + " rule " + rule.id()
                    + " could not be evaluated on this pass, so the policy rejects it");
        }
        return null;
    }

    /** The {@code external} object of the data context for a decision at {@code at}. */
    CBORObject external(Instant at) {
        LocalDate date = LocalDate.ofInstant(at, zone);
        return CBORObject.NewOrderedMap()
                .Add("validationClock", at.toString())
                .Add("validationDate", date.toString())
                .Add("validationDayStart", DAY_START.format(date.atStartOfDay(zone)))
                .Add("timeZone", zone.getId())
                .Add("valueSets", valueSets);
    }

    private static Outcome rejected(Outcome verified, Verdict verdict, String reason) {
        return verified.withCheck("policy", false).withVerdict(verdict, reason);
    }

    /** The health data as plain JSON, so that no CBOR tag or byte string from the pass reaches the rules. */
    private static CBORObject asJson(CBORObject health) {
        try {
            return CBORObject.FromJSONString(health.ToJSONString());
        } catch (CBORException | IllegalArgumentException | IllegalStateException e) {
            return null;
        }
    }
}
