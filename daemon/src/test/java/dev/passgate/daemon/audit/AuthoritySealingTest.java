package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.params.X25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ENTRY bodies sealed to the health authority ({@link AuthorityKey}): only the authority's private key opens them,
 * the kiosk's data key opens its own copy when both are configured, a body moved or changed does not open, and a
 * version 2 file made before formats 2 and 3 existed takes them. The golden file {@code entries-v2-authority.db}
 * (formats 2 and 3, sealed to {@link #goldenAuthority}) must open with every later version.
 */
class AuthoritySealingTest {
    private static final Instant T0 = Instant.parse("2026-12-13T12:00:00Z");
    private static final EntryRecord A1 = new EntryRecord(T0, 1_000L, "VALID", "HC1", "DEsVUSvpFAE=", "v",
            "44fdb727a8ebd78bacdd1a3a0738cae1", "MUSTERMANN<<ERIKA|1964-08-12", true);
    private static final EntryRecord A2 = new EntryRecord(T0.plusSeconds(30), 30_000_001_000L, "EXPIRED", "SHC",
            null, null, "fedcba9876543210fedcba9876543210", null, false);

    @TempDir
    Path dir;

    /** A test constant, not a secret: the private bytes 0x60..0x7f. */
    static AuthorityPrivateKey goldenAuthority() {
        byte[] raw = new byte[32];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (0x60 + i);
        }
        return AuthorityPrivateKey.ofRaw(raw);
    }

    /** The suite is the one RFC 9180 names: its test vector A.1.1 (base mode, sequence 0) opens with it. */
    @Test
    void usesTheRfc9180SuiteOfItsTestVectorA11() throws Exception {
        HexFormat hex = HexFormat.of();
        X25519PrivateKeyParameters skR = new X25519PrivateKeyParameters(
                hex.parseHex("4612c550263fc8ad58375df3f557aac531d26850903e55a9f23f21d8534e8ac8"), 0);
        assertThat(hex.formatHex(skR.generatePublicKey().getEncoded()))
                .isEqualTo("3948cfe0ad1ddb695d780e59077195da6c56506b027329794ab02bca80815c4d");

        byte[] plain = AuthorityKey.suite().open(
                hex.parseHex("37fda3567bdbd628e88668c3c8d7e97d1d1253b6d4ea6d44c150f741f1bf4431"),
                new AsymmetricCipherKeyPair(skR.generatePublicKey(), skR),
                "Ode on a Grecian Urn".getBytes(StandardCharsets.US_ASCII),
                "Count-0".getBytes(StandardCharsets.US_ASCII),
                hex.parseHex("f938558b5d72f1a23810b4be2ab4f84331acc02fc97babc53a52ae8218a355a9"
                        + "6d8770ac83d07bea87e13c512a"),
                null, null, null);

        assertThat(new String(plain, StandardCharsets.US_ASCII)).isEqualTo("Beauty is truth, truth beauty");
    }

    @Test
    void sealsEntriesToTheAuthorityOnlySoThatOnlyItsPrivateKeyOpensThem() throws Exception {
        AuthorityPrivateKey authority = AuthorityPrivateKey.generate();
        DeviceKey signing = DeviceKey.generate();
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(signing)
                .withAuthority(authority.publicKey());
        Path file = dir.resolve("entries.db");
        try (EntryLog log = EntryLog.open(file, "gate-a", options)) {
            log.append(A1);
            log.append(A2);
            List<ChainRecord> rows = log.readRecords(0, 10);
            assertThat(rows).extracting(ChainRecord::bodyFormat).containsOnly(BodyFormat.AUTHORITY_CBOR);
            assertThatThrownBy(() -> log.readAll(0, 10)).isInstanceOf(EntryLogException.class)
                    .hasMessageContaining("sealed to the authority key only");
            assertThat(rows).extracting(row -> AuthorityBodies.read(row, Optional.of(authority)))
                    .containsExactly(A1, A2);
            AuthorityPrivateKey stranger = AuthorityPrivateKey.generate();
            assertThatThrownBy(() -> AuthorityBodies.read(rows.get(0), Optional.of(stranger)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("sealed to authority key " + authority.publicKey().keyIdHex())
                    .hasMessageContaining("this key is " + stranger.publicKey().keyIdHex());
            assertThatThrownBy(() -> AuthorityBodies.read(rows.get(0), Optional.empty()))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(ChainVerifier.verify(file, "gate-a", signing.publicKey()))
                .isInstanceOf(ChainReport.Intact.class);
    }

    @Test
    void sealsToBothSoTheVenueReadsItsCopyWithItsDataKeyAndTheAuthorityWithItsOwn() throws Exception {
        AuthorityPrivateKey authority = AuthorityPrivateKey.generate();
        EntryLogOptions options = EntryLogOptions.defaults().withCipher(BodyCipher.ofKey(GoldenKeys.dataKey()))
                .withAuthority(authority.publicKey());
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "gate-b", options)) {
            log.append(A1);
            ChainRecord row = log.readRecords(0, 1).get(0);
            assertThat(row.bodyFormat()).isEqualTo(BodyFormat.AES_GCM_AND_AUTHORITY_CBOR);
            assertThat(log.readAll(0, 1)).singleElement().extracting(StoredRecord::record).isEqualTo(A1);
            assertThat(AuthorityBodies.read(row, Optional.of(authority))).isEqualTo(A1);
        }
    }

    @Test
    void aSealedBodyMovedToAnotherRowOrChangedDoesNotOpen() throws Exception {
        AuthorityPrivateKey authority = AuthorityPrivateKey.generate();
        EntryLogOptions options = EntryLogOptions.defaults().withAuthority(authority.publicKey());
        try (EntryLog log = EntryLog.open(dir.resolve("entries.db"), "gate-c", options)) {
            log.append(A1);
            log.append(A2);
            List<ChainRecord> rows = log.readRecords(0, 10);
            ChainRecord first = rows.get(0);
            ChainRecord moved = new ChainRecord("gate-c", 2, first.kind(), first.wallTimeMillis(),
                    first.bodyFormat(), first.body(), first.prevHash(), first.hash(), false);
            byte[] flipped = first.body();
            flipped[flipped.length - 20] ^= 1;
            ChainRecord changed = new ChainRecord("gate-c", 1, first.kind(), first.wallTimeMillis(),
                    first.bodyFormat(), flipped, first.prevHash(), first.hash(), false);
            byte[] crafted = new byte[AuthorityKey.OVERHEAD + 40];
            System.arraycopy(authority.publicKey().keyId(), 0, crafted, 0, AuthorityKey.KEY_ID_LENGTH);
            ChainRecord zeroPoint = new ChainRecord("gate-c", 1, first.kind(), first.wallTimeMillis(),
                    first.bodyFormat(), crafted, first.prevHash(), first.hash(), false);
            for (ChainRecord bad : List.of(moved, changed, zeroPoint)) {
                assertThatThrownBy(() -> AuthorityBodies.read(bad, Optional.of(authority)))
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not open");
            }
        }
    }

    @Test
    void widensAVersion2FileMadeBeforeAuthoritySealingAndKeepsItsChain() throws Exception {
        Path file = copyResource("entries-v2.db", "entries-v2.db");
        copyResource("entries-v2.db.seq", "entries-v2.db.seq");
        DeviceKey key = GoldenKeys.signingKey();
        AuthorityPrivateKey authority = goldenAuthority();
        EntryLogOptions options = EntryLogOptions.defaults().withSigningKey(key)
                .withCipher(BodyCipher.ofKey(GoldenKeys.dataKey())).withAuthority(authority.publicKey());

        try (EntryLog log = EntryLog.open(file, "gate-golden", options)) {
            assertThat(log.append(A1)).isEqualTo(new Appended.Written(7));
            assertThat(log.readAll(0, 10)).hasSize(7);
        }

        assertThat(ChainVerifier.verify(file, "gate-golden", key.publicKey()))
                .isEqualTo(new ChainReport.Intact("gate-golden", 1, 7, 7, 3, 7, 2, 0));
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + file);
             Statement statement = sql.createStatement();
             ResultSet ddl = statement.executeQuery("SELECT sql FROM sqlite_master WHERE name = 'records'")) {
            assertThat(ddl.next()).isTrue();
            assertThat(ddl.getString(1)).contains("body_format IN (0, 1, 2, 3)");
        }
    }

    @Test
    void opensTheGoldenAuthoritySealedFileWithTheGoldenKey() throws Exception {
        Path file = copyResource("entries-v2-authority.db", "entries-v2-authority.db");
        DeviceKey key = GoldenKeys.signingKey();
        assertThat(ChainVerifier.verify(file, "gate-authority", key.publicKey()))
                .isEqualTo(new ChainReport.Intact("gate-authority", 1, 2, 2, 2, 2, 0, 0));
        try (EntryLog log = EntryLog.open(file, "gate-authority", EntryLogOptions.defaults()
                .withCipher(BodyCipher.ofKey(GoldenKeys.dataKey())))) {
            List<ChainRecord> rows = log.readRecords(0, 10);
            assertThat(rows).extracting(ChainRecord::bodyFormat)
                    .containsExactly(BodyFormat.AUTHORITY_CBOR, BodyFormat.AES_GCM_AND_AUTHORITY_CBOR);
            assertThat(rows).extracting(row -> AuthorityBodies.read(row, Optional.of(goldenAuthority())))
                    .containsExactly(A1, A2);
        }
    }

    /**
     * Writes {@code entries-v2-authority.db} into the folder named by {@code -Dpassgate.golden.write=DIR}; skipped
     * otherwise. It was run once to make the committed file: A1 sealed to the golden authority key only, A2 sealed
     * to it and to the golden data key, checkpointed with the golden signing key.
     */
    @Test
    void writesTheAuthorityGoldenFile() throws Exception {
        String target = System.getProperty("passgate.golden.write");
        assumeThat(target).as("-Dpassgate.golden.write=DIR").isNotNull();
        Path file = Path.of(target).resolve("entries-v2-authority.db");
        Files.createDirectories(file.getParent());
        EntryLogOptions options = EntryLogOptions.defaults().withClock(new MutableClock(T0))
                .withSigningKey(GoldenKeys.signingKey()).withAuthority(goldenAuthority().publicKey());
        try (EntryLog log = EntryLog.open(file, "gate-authority", options)) {
            log.append(A1);
        }
        try (EntryLog log = EntryLog.open(file, "gate-authority",
                options.withCipher(BodyCipher.ofKey(GoldenKeys.dataKey())))) {
            log.append(A2);
        }
    }

    private Path copyResource(String name, String as) throws IOException {
        Path file = dir.resolve(as);
        try (InputStream golden = getClass().getResourceAsStream("/audit/" + name)) {
            assertThat(golden).as("test resource audit/" + name).isNotNull();
            Files.copy(golden, file);
        }
        return file;
    }
}
