package dev.passgate.daemon.collector;

import com.upokecenter.cbor.CBORObject;
import java.util.List;
import java.util.Objects;

/**
 * What the reference collector knows of one device: the records it holds ({@code records}, from {@code first} to
 * {@code last}), the holes between them ({@code missing}; a hole that ends at a RESTART record is {@code explained}:
 * the kiosk's file was set aside or lost and the restart says so), the chain verdict over every segment between
 * restarts ({@code chain} is {@code INTACT}, {@code NO_KEY} when the device's public key is unknown, or the first
 * problem's name, at {@code problemSequence} with {@code detail}), what the GAP records count, and the figures of
 * the upload: records received in all, duplicates among them, and conflicts (a record or checkpoint clashing with
 * a different one under the same identity). {@code complete} means: chain intact and verified with the key, no
 * unexplained hole, no conflict. {@code unsignedTail} counts the records after {@code lastSigned}: they link, but
 * no signed checkpoint vouches for them yet, so {@code certified} (complete and no unsigned tail) is false while
 * there are any. {@code enrolled} says how the key came to be held ({@code operator}, {@code certificate},
 * {@code tofu}, {@code v1}, or empty when none is).
 */
public record DeviceReport(String deviceId, long records, long first, long last, List<Hole> missing, int restarts,
                           String chain, long problemSequence, String detail, long checkpoints, long lastSigned,
                           long lostDecisions, long purgedNotUploaded, long received, long duplicates,
                           long conflicts, long unsignedTail, String enrolled) {

    /** The sequences {@code from..through} are not held; {@code explained} when a RESTART record follows them. */
    public record Hole(long from, long through, boolean explained) {
    }

    public DeviceReport {
        Objects.requireNonNull(deviceId, "deviceId");
        missing = List.copyOf(missing);
        Objects.requireNonNull(chain, "chain");
        Objects.requireNonNull(detail, "detail");
        Objects.requireNonNull(enrolled, "enrolled");
    }

    public static final String INTACT = "INTACT";
    public static final String NO_KEY = "NO_KEY";

    /** Chain intact and verified with the device key, no unexplained hole, no conflict. */
    public boolean complete() {
        return chain.equals(INTACT) && conflicts == 0 && missing.stream().allMatch(Hole::explained);
    }

    /** Complete, and every record under a signed checkpoint. */
    public boolean certified() {
        return complete() && unsignedTail == 0;
    }

    /** The report as one JSON object, keys in a fixed order (keys added later come last). */
    public CBORObject toJson() {
        CBORObject holes = CBORObject.NewArray();
        missing.forEach(hole -> holes.Add(CBORObject.NewOrderedMap().Add("from", hole.from())
                .Add("through", hole.through()).Add("explained", hole.explained())));
        CBORObject json = CBORObject.NewOrderedMap().Add("device", deviceId).Add("complete", complete())
                .Add("chain", chain);
        if (!chain.equals(INTACT) && !chain.equals(NO_KEY)) {
            json.Add("problem_seq", problemSequence).Add("detail", detail);
        }
        return json.Add("records", records).Add("first", first).Add("last", last).Add("missing", holes)
                .Add("restarts", restarts).Add("checkpoints", checkpoints).Add("last_signed", lastSigned)
                .Add("lost_decisions", lostDecisions).Add("purged_not_uploaded", purgedNotUploaded)
                .Add("received", received).Add("duplicates", duplicates).Add("conflicts", conflicts)
                .Add("unsigned_tail", unsignedTail).Add("certified", certified()).Add("enrolled", enrolled);
    }
}
