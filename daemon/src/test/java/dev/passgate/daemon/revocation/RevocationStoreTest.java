package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.daemon.audit.EntryLog;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationStoreTest {
    private static final String ISSUER = "https://spec.smarthealth.cards/examples/issuer"
            + "#3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s";

    @TempDir
    Path dir;

    @Test
    void newStoreIsEmptyAtVersionZeroInWalWithSchemaVersionOne() throws Exception {
        try (RevocationStore store = RevocationStore.open(dir.resolve("sub/revocation.db"))) {
            assertThat(store.version()).isZero();
            assertThat(store.size()).isZero();
            assertThat(store.queryText("PRAGMA journal_mode")).isEqualTo("wal\n");
            assertThat(store.queryText("PRAGMA user_version")).isEqualTo("1\n");
            assertThat(store.queryText("PRAGMA application_id")).isEqualTo(0x50475256 + "\n");
        }
    }

    @Test
    void everyKindRoundTripsThroughTheFile() {
        Path file = dir.resolve("revocation.db");
        List<RevocationEntry> entries = List.of(dcc(Kind.DCC_UCI, "DE", 1), dcc(Kind.DCC_COUNTRYCODEUCI, "DE", 2),
                dcc(Kind.DCC_SIGNATURE, "", 3), shc("vwAjHdarZuc", Instant.ofEpochSecond(1687450765)),
                shc("abc", null));
        try (RevocationStore store = RevocationStore.open(file)) {
            store.replaceAll(entries.iterator(), 7);
        }

        try (RevocationStore store = RevocationStore.open(file)) {
            assertThat(store.version()).isEqualTo(7);
            assertThat(store.size()).isEqualTo(5);
            for (RevocationEntry entry : entries.subList(0, 3)) {
                assertThat(store.findDcc(entry.kind(), entry.scope(), entry.key())).contains(entry);
            }
            assertThat(store.findShc(ISSUER, "vwAjHdarZuc")).contains(entries.get(3));
            assertThat(store.findShc(ISSUER, "abc")).contains(entries.get(4));
        }
    }

    @Test
    void kindsDoNotAnswerForEachOther() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(dcc(Kind.DCC_UCI, "DE", 1)).iterator(), 1);

            assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(1))).isPresent();
            assertThat(store.findDcc(Kind.DCC_COUNTRYCODEUCI, "DE", key(1))).isEmpty();
            assertThat(store.findDcc(Kind.DCC_SIGNATURE, "DE", key(1))).isEmpty();
            assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(2))).isEmpty();
        }
    }

    @Test
    void dccLookupMatchesItsOwnCountryOrAListForEveryCountry() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(dcc(Kind.DCC_UCI, "DE", 1), dcc(Kind.DCC_UCI, "", 2)).iterator(), 1);

            assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(1))).map(RevocationEntry::scope).contains("DE");
            assertThat(store.findDcc(Kind.DCC_UCI, "FR", key(1))).isEmpty();
            assertThat(store.findDcc(Kind.DCC_UCI, null, key(1))).isEmpty();
            assertThat(store.findDcc(Kind.DCC_UCI, "FR", key(2))).map(RevocationEntry::scope).contains("");
            assertThat(store.findDcc(Kind.DCC_UCI, null, key(2))).isPresent();
        }
    }

    @Test
    void shcLookupNeedsTheExactIssuerAndKeyId() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(shc("vwAjHdarZuc", null)).iterator(), 1);

            assertThat(store.findShc(ISSUER, "vwAjHdarZuc")).isPresent();
            assertThat(store.findShc(ISSUER + "x", "vwAjHdarZuc")).isEmpty();
            assertThat(store.findShc(ISSUER, "vwAjHdarZud")).isEmpty();
            assertThat(store.findShc(ISSUER, "")).isEmpty();
            assertThat(store.findShc(ISSUER, "x".repeat(65))).isEmpty();
        }
    }

    @Test
    void repeatedEntriesAreStoredOnceWithTheWiderRevocation() {
        Instant early = Instant.ofEpochSecond(1_600_000_000L);
        Instant late = Instant.ofEpochSecond(1_700_000_000L);
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(shc("a", early), shc("a", late), shc("b", late), shc("b", null),
                    shc("b", early)).iterator(), 1);

            assertThat(store.size()).isEqualTo(2);
            assertThat(store.findShc(ISSUER, "a")).map(RevocationEntry::revokedSince).contains(late);
            assertThat(store.findShc(ISSUER, "b").orElseThrow().revokedSince()).isNull();
        }
    }

    @Test
    void revokedSinceKeepsWholeSecondsOnly() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(List.of(shc("a", Instant.parse("2023-06-22T16:19:25.750Z"))).iterator(), 1);

            assertThat(store.findShc(ISSUER, "a")).map(RevocationEntry::revokedSince)
                    .contains(Instant.parse("2023-06-22T16:19:25Z"));
        }
    }

    @Test
    void replaceAllSwapsTheWholeListAndVersion() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(entries(0, 30_000), 1);
            store.replaceAll(entries(20_000, 25_000), 2);

            assertThat(store.version()).isEqualTo(2);
            assertThat(store.size()).isEqualTo(25_000);
            assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(19_999))).isEmpty();
            assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(20_000))).isPresent();
            assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(44_999))).isPresent();
        }
    }

    @Test
    void iteratorFailingHalfWayLeavesTheOldListAndVersionIntact() throws Exception {
        Path file = dir.resolve("revocation.db");
        try (RevocationStore store = RevocationStore.open(file)) {
            store.replaceAll(entries(0, 1_000), 3);
            IllegalStateException broken = new IllegalStateException("bundle truncated");
            Iterator<RevocationEntry> failing = failingAfter(entries(5_000, 50_000), 25_000, broken);

            assertThatThrownBy(() -> store.replaceAll(failing, 4)).isSameAs(broken);

            assertOldList(store);
            assertThat(store.queryText("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"))
                    .isEqualTo("revocation_meta\nrevoked\n");
            store.replaceAll(entries(7, 2), 5);
            assertThat(store.version()).isEqualTo(5);
        }
        try (RevocationStore reopened = RevocationStore.open(file)) {
            assertThat(reopened.size()).isEqualTo(2);
        }
    }

    @Test
    void errorFromTheIteratorAlsoRollsBackAndTheStoreTakesTheNextInstall() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(entries(0, 1_000), 3);
            StackOverflowError error = new StackOverflowError("bundle parser recursion");

            assertThatThrownBy(() -> store.replaceAll(failingAfter(entries(5_000, 50_000), 12_345, error), 4))
                    .isSameAs(error);

            assertOldList(store);
            store.replaceAll(entries(7, 2), 5);
            assertThat(store.version()).isEqualTo(5);
        }
    }

    @Test
    void lookupsSeeTheOldListWhileAnInstallRuns() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(entries(0, 1_000), 3);
            List<Optional<RevocationEntry>> seen = new ArrayList<>();
            Iterator<RevocationEntry> next = entries(5_000, 30_000);
            Iterator<RevocationEntry> watching = new Iterator<>() {
                private int served;

                @Override
                public boolean hasNext() {
                    return next.hasNext();
                }

                @Override
                public RevocationEntry next() {
                    if (++served == 25_000) {
                        seen.add(store.findDcc(Kind.DCC_UCI, "DE", key(10)));
                        seen.add(store.findDcc(Kind.DCC_UCI, "DE", key(5_000)));
                        assertOldList(store);
                    }
                    return next.next();
                }
            };

            store.replaceAll(watching, 4);

            assertThat(seen.get(0)).isPresent();
            assertThat(seen.get(1)).isEmpty();
            assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(5_000))).isPresent();
            assertThat(store.version()).isEqualTo(4);
        }
    }

    @Test
    void lookupsSearchThePrimaryKeyIndex() throws Exception {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            store.replaceAll(entries(0, 1_000), 1);

            assertThat(store.queryText("EXPLAIN QUERY PLAN SELECT scope, revoked_since FROM revoked WHERE kind = 1"
                    + " AND key = x'00' AND scope IN ('DE', '') ORDER BY scope DESC LIMIT 1"))
                    .contains("SEARCH revoked USING PRIMARY KEY (kind=? AND key=? AND scope=?)")
                    .doesNotContain("SCAN");
            assertThat(store.queryText("EXPLAIN QUERY PLAN SELECT revoked_since FROM revoked WHERE kind = 4"
                    + " AND key = x'00' AND scope = 'x'"))
                    .contains("SEARCH revoked USING PRIMARY KEY (kind=? AND key=? AND scope=?)");
        }
    }

    @Test
    void refusesAFileThatIsNotARevocationStore() throws Exception {
        Path log = dir.resolve("entries.db");
        EntryLog.open(log, "kiosk-1").close();
        Path text = Files.writeString(dir.resolve("notes.db"), "not a database at all, just some text here");

        assertThatThrownBy(() -> RevocationStore.open(log)).isInstanceOf(RevocationStoreException.class)
                .hasMessageContaining("not a revocation store");
        assertThatThrownBy(() -> RevocationStore.open(text)).isInstanceOf(RevocationStoreException.class);
    }

    @Test
    void lookupArgumentsAreChecked() {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            assertThatThrownBy(() -> store.findDcc(Kind.SHC_RID, "DE", key(1)))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store.findDcc(Kind.DCC_UCI, "DE", new byte[15]))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("found 15");
        }
    }

    @Test
    void theWritersPageCachesAreLargeOnlyWhileAnInstallRuns() throws Exception {
        String idle = String.valueOf(-RevocationStore.IDLE_CACHE_KIB);
        String install = String.valueOf(-RevocationStore.INSTALL_CACHE_KIB);
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            assertThat(store.writerPragma("cache_size")).isEqualTo(idle);
            assertThat(store.writerPragma("temp.cache_size")).isEqualTo(idle);
            List<String> during = new ArrayList<>();
            Iterator<RevocationEntry> entries = entries(0, 20_000);
            Iterator<RevocationEntry> watched = LongStream.range(0, 20_000).mapToObj(n -> {
                if (n == 15_000) {
                    during.add(pragma(store, "cache_size") + " " + pragma(store, "temp.cache_size"));
                }
                return entries.next();
            }).iterator();

            store.replaceAll(watched, 3);

            assertThat(during).containsExactly(install + " " + install);
            assertThat(store.writerPragma("cache_size")).as("back to small after a commit").isEqualTo(idle);
            assertThat(store.writerPragma("temp.cache_size")).isEqualTo(idle);
            assertThat(Long.parseLong(store.writerPragma("temp.page_count")))
                    .as("the temporary database that staged the entries is closed, its pages freed").isLessThan(2);
            assertThat(store.size()).isEqualTo(20_000);

            IllegalStateException broken = new IllegalStateException("bundle truncated");
            assertThatThrownBy(() -> store.replaceAll(failingAfter(entries(0, 20_000), 12_000, broken), 4))
                    .isSameAs(broken);

            assertThat(store.writerPragma("cache_size")).as("back to small after a rollback").isEqualTo(idle);
            assertThat(store.writerPragma("temp.cache_size")).isEqualTo(idle);
            assertThat(Long.parseLong(store.writerPragma("temp.page_count"))).isLessThan(2);
            assertThat(store.version()).isEqualTo(3);
        }
    }

    @Test
    void aLargeInstallThatFailsStillTrimsTheCHeapAndKeepsWhereTheNextOneStages() throws Exception {
        try (RevocationStore store = RevocationStore.open(dir.resolve("revocation.db"))) {
            String tempStore = store.writerPragma("temp_store");
            store.replaceAll(entries(0, 1_000), 3);
            assertThat(store.lastRelease()).contains("C heap not trimmed");
            IllegalStateException broken = new IllegalStateException("bundle truncated");

            // a list that fails after staging well over TRIM_AFTER_PAGES pages, so its transaction rolls back
            assertThatThrownBy(() -> store.replaceAll(failingAfter(entries(0, 200_000), 150_000, broken), 4))
                    .isSameAs(broken);

            Matcher staged = Pattern.compile("after staging (\\d+) pages; (.*)").matcher(store.lastRelease());
            assertThat(staged.find()).as(store.lastRelease()).isTrue();
            assertThat(Long.parseLong(staged.group(1))).as("counted before the rollback took it back to 0")
                    .isGreaterThanOrEqualTo(RevocationStore.TRIM_AFTER_PAGES);
            assertThat(staged.group(2)).as("the trim ran").doesNotContain("not trimmed");
            assertThat(store.writerPragma("temp_store")).as("where the next install stages").isEqualTo(tempStore);
            assertThat(store.version()).isEqualTo(3);
            assertThat(store.size()).isEqualTo(1_000);
        }
    }

    private static String pragma(RevocationStore store, String name) {
        try {
            return store.writerPragma(name);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void assertOldList(RevocationStore store) {
        assertThat(store.version()).isEqualTo(3);
        assertThat(store.size()).isEqualTo(1_000);
        assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(999))).isPresent();
        assertThat(store.findDcc(Kind.DCC_UCI, "DE", key(5_000))).isEmpty();
    }

    static RevocationEntry dcc(Kind kind, String scope, long n) {
        return new RevocationEntry(kind, scope, key(n), null);
    }

    static RevocationEntry shc(String rid, Instant since) {
        return new RevocationEntry(Kind.SHC_RID, ISSUER, rid.getBytes(StandardCharsets.UTF_8), since);
    }

    /** A 16-byte key standing for the number {@code n}. */
    static byte[] key(long n) {
        byte[] key = new byte[16];
        for (int i = 0; i < 8; i++) {
            key[15 - i] = (byte) (n >>> (8 * i));
        }
        key[0] = 0x5a;
        return key;
    }

    /** UCI entries for DE with the keys of {@code first} up to {@code first + count - 1}, made one at a time. */
    private static Iterator<RevocationEntry> entries(long first, long count) {
        return LongStream.range(first, first + count).mapToObj(n -> dcc(Kind.DCC_UCI, "DE", n)).iterator();
    }

    private static Iterator<RevocationEntry> failingAfter(Iterator<RevocationEntry> entries, int good,
                                                          Throwable failure) {
        return new Iterator<>() {
            private int served;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public RevocationEntry next() {
                if (served++ == good) {
                    if (failure instanceof Error error) {
                        throw error;
                    }
                    throw (RuntimeException) failure;
                }
                return entries.next();
            }
        };
    }
}
