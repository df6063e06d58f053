package dev.passgate.daemon.policy;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.verify.Verdict;

/**
 * One rule of a policy file: a CertLogic expression that must evaluate to {@code true} for the passes it applies
 * to, and the verdict and reason a pass gets when it does not. {@code certificateType} is {@code v}, {@code t},
 * {@code r} (the rule applies when the health data has a non-empty array of that kind) or {@code any}.
 */
public record PolicyRule(String id, String certificateType, String description, Verdict verdict, String reason,
                         CBORObject logic) {

    /** Whether the rule applies to this DCC-shaped health data. */
    public boolean appliesTo(CBORObject payload) {
        if (certificateType.equals("any")) {
            return true;
        }
        CBORObject entries = payload.get(certificateType);
        return entries != null && entries.getType() == CBORType.Array && entries.size() > 0;
    }
}
