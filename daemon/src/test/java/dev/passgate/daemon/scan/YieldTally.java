package dev.passgate.daemon.scan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Counts of one zbar-versus-passgate comparison, and the line of figures it prints. */
final class YieldTally {
    private final String name;
    private int images;
    private int zbarDecoded;
    private int passgateDecoded;
    private int both;
    private int unreadable;
    private int zbarErrors;
    private long rungsTried;
    private final List<Path> onlyZbar = new ArrayList<>();
    private final List<Path> onlyPassgate = new ArrayList<>();
    private final List<Path> mismatched = new ArrayList<>();
    private final List<Long> decodeNanos = new ArrayList<>();
    private final Map<String, Integer> rungs = new LinkedHashMap<>();

    YieldTally(String name) {
        this.name = name;
        QrDecoder.ladder().forEach(rung -> rungs.put(rung, 0));
        rungs.put("none", 0);
    }

    /** Records one image: zbar's answer, and passgate's reading with its decode time (null if unreadable). */
    void add(Path image, Zbar.Answer zbar, QrDecoder.Reading reading, long nanos) {
        images++;
        Optional<String> theirs = zbar.text();
        Optional<String> ours = reading == null ? Optional.empty() : reading.text();
        zbarErrors += zbar.failed() ? 1 : 0;
        if (reading == null) {
            unreadable++;
        } else {
            decodeNanos.add(nanos);
            rungsTried += reading.tried();
            rungs.merge(reading.rung().orElse("none"), 1, Integer::sum);
        }
        zbarDecoded += theirs.isPresent() ? 1 : 0;
        passgateDecoded += ours.isPresent() ? 1 : 0;
        if (theirs.isPresent() && ours.isPresent()) {
            both++;
            if (!theirs.get().equals(ours.get())) {
                mismatched.add(image);
            }
        } else if (theirs.isPresent()) {
            onlyZbar.add(image);
        } else if (ours.isPresent()) {
            onlyPassgate.add(image);
        }
    }

    int images() {
        return images;
    }

    int zbarDecoded() {
        return zbarDecoded;
    }

    int passgateDecoded() {
        return passgateDecoded;
    }

    List<Path> onlyZbar() {
        return onlyZbar;
    }

    List<Path> mismatched() {
        return mismatched;
    }

    String figures() {
        long[] sorted = decodeNanos.stream().mapToLong(Long::longValue).sorted().toArray();
        double average = Arrays.stream(sorted).average().orElse(0) / 1e6;
        double p99 = sorted.length == 0 ? 0 : sorted[Math.max(0, (int) Math.ceil(0.99 * sorted.length) - 1)] / 1e6;
        return String.format("QR yield [%s]: images %d, zbar decoded %d, passgate decoded %d, both %d, only-zbar %d,"
                        + " only-passgate %d, different text %d; passgate ms/image avg %.2f p99 %.2f; unreadable %d,"
                        + " zbar errors %d; rungs %s, rungs tried per image %.2f; only-zbar %s",
                name, images, zbarDecoded, passgateDecoded, both, onlyZbar.size(), onlyPassgate.size(),
                mismatched.size(), average, p99, unreadable, zbarErrors, rungs,
                sorted.length == 0 ? 0 : (double) rungsTried / sorted.length, names(onlyZbar));
    }

    private static List<String> names(List<Path> files) {
        return files.stream().map(file -> file.getFileName().toString()).toList();
    }
}
