package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The golden version 1 file in {@code revocation/revocation-v1.db} was written by the first release of the store
 * ({@link #writeGoldenFile} shows how). Every later version must still open it and find the same entries.
 */
class RevocationStoreGoldenFileTest {
    static final String GOLDEN = "/revocation/revocation-v1.db";
    static final String SHC_SCOPE = "https://spec.smarthealth.cards/examples/issuer"
            + "#3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s";
    static final String UCI = "URN:UVCI:01:DE:GOLDEN-0001#K";
    static final byte[] SIGNATURE_KEY = HexFormat.of().parseHex("00112233445566778899aabbccddeeff");

    @TempDir
    Path dir;

    @Test
    void versionOneFileStillReads() throws Exception {
        Path copy = dir.resolve("revocation.db");
        try (InputStream golden = getClass().getResourceAsStream(GOLDEN)) {
            Files.copy(golden, copy);
        }

        try (RevocationStore store = RevocationStore.open(copy)) {
            assertThat(store.version()).isEqualTo(42);
            assertThat(store.size()).isEqualTo(entries().size());
            for (RevocationEntry entry : entries()) {
                if (entry.kind().dcc()) {
                    assertThat(store.findDcc(entry.kind(), entry.scope().isEmpty() ? "FR" : entry.scope(),
                            entry.key())).as(entry.toString()).contains(entry);
                } else {
                    assertThat(store.findShc(entry.scope(), new String(entry.key(), StandardCharsets.UTF_8)))
                            .contains(entry);
                }
            }
        }
    }

    static List<RevocationEntry> entries() {
        return List.of(
                new RevocationEntry(Kind.DCC_UCI, "DE", DccRevocationKeys.uciHash(UCI), null),
                new RevocationEntry(Kind.DCC_COUNTRYCODEUCI, "", DccRevocationKeys.countryCodeUciHash("DE", UCI),
                        null),
                new RevocationEntry(Kind.DCC_SIGNATURE, "AT", SIGNATURE_KEY, null),
                new RevocationEntry(Kind.SHC_RID, SHC_SCOPE, "vwAjHdarZuc".getBytes(StandardCharsets.UTF_8),
                        Instant.ofEpochSecond(1687450765)),
                new RevocationEntry(Kind.SHC_RID, SHC_SCOPE, "abc".getBytes(StandardCharsets.UTF_8), null));
    }

    /** How the golden file was made: {@code writeGoldenFile(Path.of("revocation-v1.db"))} with version 1 code. */
    static void writeGoldenFile(Path file) {
        try (RevocationStore store = RevocationStore.open(file)) {
            store.replaceAll(entries().iterator(), 42);
        }
    }
}
