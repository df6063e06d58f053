package dev.passgate.daemon.upload;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/** The sequences {@code from..through} of one device, both included. */
public record SequenceRange(String deviceId, long from, long through) {
    public SequenceRange {
        Objects.requireNonNull(deviceId, "deviceId");
        if (from < 1 || through < from) {
            throw new IllegalArgumentException("range: found " + from + ".." + through + ", expected 1 <= from <= "
                    + "through");
        }
    }

    public long size() {
        return through - from + 1;
    }

    public boolean contains(long sequence) {
        return sequence >= from && sequence <= through;
    }

    /** The fewest ranges that cover exactly the given sequences of one device. */
    public static List<SequenceRange> cover(String deviceId, Collection<Long> sequences) {
        List<SequenceRange> ranges = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (long sequence : new TreeSet<>(sequences)) {
            if (start >= 0 && sequence == end + 1) {
                end = sequence;
                continue;
            }
            if (start >= 0) {
                ranges.add(new SequenceRange(deviceId, start, end));
            }
            start = sequence;
            end = sequence;
        }
        if (start >= 0) {
            ranges.add(new SequenceRange(deviceId, start, end));
        }
        return ranges;
    }
}
