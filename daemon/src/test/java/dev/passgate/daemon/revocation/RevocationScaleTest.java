package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harness: installs N synthetic DCC entries into a fresh store, then times random lookups, half of them hits and
 * half misses, and prints the figures. N is 200,000 by default (CI) and {@code -Dpassgate.revocation.big=N}
 * otherwise; {@code -Dpassgate.revocation.lookups=M} sets the number of lookups (100,000). It asserts only that
 * every hit is found and no miss is; timings are printed, never asserted.
 */
class RevocationScaleTest {
    private static final String[] SCOPES = {"", "AT", "BE", "BG", "CH", "CY", "CZ", "DE", "DK", "EE", "ES", "FI",
        "FR", "GR", "HR", "HU", "IE", "IS", "IT", "LI", "LT", "LU", "LV", "MT", "NL", "NO", "PL", "PT", "RO", "SE"};
    private static final Kind[] KINDS = {Kind.DCC_UCI, Kind.DCC_COUNTRYCODEUCI, Kind.DCC_SIGNATURE};
    private static final long SEED = 0x5eed_2022_0101L;
    private static final long HEAP_SAMPLE_EVERY = 100_000;

    @TempDir
    Path dir;

    private long peakSampledHeap;

    @Test
    void installsAndLooksUpAtScale() throws Exception {
        long n = Long.getLong("passgate.revocation.big", 200_000L);
        int lookups = Integer.getInteger("passgate.revocation.lookups", 100_000);
        Path file = dir.resolve("revocation.db");
        try (RevocationStore store = RevocationStore.open(file)) {
            long heapBefore = usedHeapAfterGc();
            long started = System.nanoTime();
            store.replaceAll(new Synthetic(n), 1);
            long installNanos = System.nanoTime() - started;
            long heapAfter = usedHeapAfterGc();
            assertThat(store.size()).isEqualTo(n);
            long fileBytes = Files.size(file) + sizeIfExists(dir.resolve("revocation.db-wal"));
            long[] hits = new long[lookups / 2];
            long[] misses = new long[lookups - hits.length];
            timeLookups(store, n, hits, misses);
            System.out.printf("revocation harness: %,d entries installed in %.1f s (%,.0f entries/s), file %.1f MB"
                            + " (%.1f bytes/entry); %,d lookups: all p50 %.1f us p99 %.1f us, hits p50 %.1f us"
                            + " p99 %.1f us, misses p50 %.1f us p99 %.1f us; heap used after GC %.1f MB before,"
                            + " %.1f MB after, peak sampled during install %.1f MB (max heap %.0f MB)%n",
                    n, installNanos / 1e9, n / (installNanos / 1e9), fileBytes / 1e6, (double) fileBytes / n,
                    lookups, percentile(concat(hits, misses), 50), percentile(concat(hits, misses), 99),
                    percentile(hits, 50), percentile(hits, 99), percentile(misses, 50), percentile(misses, 99),
                    heapBefore / 1e6, heapAfter / 1e6, peakSampledHeap / 1e6, Runtime.getRuntime().maxMemory() / 1e6);
        }
    }

    /** Times lookups in a random order of hits and misses; asserts each answer. Fills both arrays with nanos. */
    private static void timeLookups(RevocationStore store, long n, long[] hits, long[] misses) {
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int i = 0; i < 10_000; i++) {
            lookUp(store, random.nextLong(n));
        }
        int h = 0;
        int m = 0;
        while (h < hits.length || m < misses.length) {
            boolean hit = m == misses.length || h < hits.length && random.nextBoolean();
            long index = hit ? random.nextLong(n) : n + random.nextLong(n);
            long started = System.nanoTime();
            boolean found = lookUp(store, index);
            long nanos = System.nanoTime() - started;
            assertThat(found).as("entry %d found", index).isEqualTo(hit);
            if (hit) {
                hits[h++] = nanos;
            } else {
                misses[m++] = nanos;
            }
        }
    }

    private static boolean lookUp(RevocationStore store, long index) {
        return store.findDcc(kind(index), scope(index), key(index)).isPresent();
    }

    private static Kind kind(long index) {
        return KINDS[(int) (index % KINDS.length)];
    }

    private static String scope(long index) {
        return SCOPES[(int) (index % SCOPES.length)];
    }

    /**
     * The key of entry {@code index}: two SplitMix64 outputs. The first is a bijection of the index, so distinct
     * indexes never share a key and every index at or above N is a miss.
     */
    static byte[] key(long index) {
        long high = mix(index + SEED);
        long low = mix(high ^ 0x9e3779b97f4a7c15L);
        byte[] key = new byte[16];
        for (int i = 0; i < 8; i++) {
            key[i] = (byte) (high >>> (56 - 8 * i));
            key[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return key;
    }

    private static long mix(long value) {
        long z = value * 0x9e3779b97f4a7c15L;
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    /** N entries made one at a time, as a bundle parser would stream them; samples the heap as it goes. */
    private final class Synthetic implements Iterator<RevocationEntry> {
        private final long count;
        private long next;

        Synthetic(long count) {
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return next < count;
        }

        @Override
        public RevocationEntry next() {
            if (next >= count) {
                throw new NoSuchElementException();
            }
            if (next % HEAP_SAMPLE_EVERY == 0) {
                Runtime runtime = Runtime.getRuntime();
                peakSampledHeap = Math.max(peakSampledHeap, runtime.totalMemory() - runtime.freeMemory());
            }
            long index = next++;
            return new RevocationEntry(kind(index), scope(index), key(index), null);
        }
    }

    private static long usedHeapAfterGc() {
        Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }

    private static long sizeIfExists(Path file) throws java.io.IOException {
        return Files.exists(file) ? Files.size(file) : 0;
    }

    private static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static double percentile(long[] nanos, int percent) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int index = (int) Math.min(sorted.length - 1, Math.ceil(percent / 100.0 * sorted.length) - 1);
        return sorted[Math.max(0, index)] / 1e3;
    }
}
