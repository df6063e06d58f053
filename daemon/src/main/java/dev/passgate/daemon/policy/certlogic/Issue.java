package dev.passgate.daemon.policy.certlogic;

import com.upokecenter.cbor.CBORObject;

/** One problem the static validator found: the offending (sub-)expression and a sentence about it. */
public record Issue(CBORObject expression, String message) {
}
