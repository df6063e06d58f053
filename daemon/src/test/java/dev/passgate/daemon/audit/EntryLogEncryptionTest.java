package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bodies sealed with AES-256-GCM: read back with the key, unreadable without it, and nowhere in the file in clear. */
class EntryLogEncryptionTest {
    private static final String DEVICE = "gate-sealed";
    private static final String IDENTITY = "MUSTERMANN<<ERIKA|1964-08-12";

    @TempDir
    Path dir;

    private final DeviceKey signingKey = DeviceKey.generate();

    @Test
    void readsBackWhatWasAppendedWithTheKey() throws Exception {
        Path file = dir.resolve("entries.db");
        BodyCipher cipher = BodyCipher.fromKeyFile(dir.resolve("data.key"));
        List<EntryRecord> appended = new ArrayList<>();
        try (EntryLog log = EntryLog.open(file, DEVICE, options(cipher))) {
            for (int i = 0; i < 20; i++) {
                appended.add(withIdentity(Entries.sample(i)));
                log.append(appended.get(i));
            }
        }

        BodyCipher again = BodyCipher.fromKeyFile(dir.resolve("data.key"));
        try (EntryLog reopened = EntryLog.open(file, DEVICE, options(again))) {
            assertThat(reopened.readFrom(0, 100)).extracting(StoredEntry::record).containsExactlyElementsOf(appended);
            assertThat(reopened.readRecords(0, 100)).extracting(ChainRecord::bodyFormat)
                    .containsOnly(BodyFormat.AES_GCM_CBOR);
        }
    }

    @Test
    void keepsNoVerdictHolderOrIssuerInClearAnywhereInTheFiles() throws Exception {
        // given the same records in a sealed log and in a plain one
        Path sealed = writeLog("sealed", BodyCipher.ofKey(new byte[BodyCipher.KEY_LENGTH]));
        Path plain = writeLog("plain", null);
        List<String> secrets = new ArrayList<>(List.of("VALID", "EXPIRED", "kid1", "HC1", "MUSTERMANN", "1964-08-12"));
        for (int i = 1; i < 10; i++) {
            secrets.add(Entries.sample(i).holderId());
        }
        secrets.removeIf(s -> s == null);

        // then the plain log shows them all, so the search works, and the sealed one none of them
        String plainBytes = allBytes(plain.getParent());
        assertThat(secrets).allSatisfy(secret -> assertThat(plainBytes).contains(secret));
        String sealedBytes = allBytes(sealed.getParent());
        assertThat(secrets).allSatisfy(secret -> assertThat(sealedBytes).doesNotContain(secret));
    }

    @Test
    void verifiesTheChainWithoutTheDataKey() throws Exception {
        Path file = writeLog("sealed", BodyCipher.ofKey(new byte[BodyCipher.KEY_LENGTH]));

        ChainReport report = ChainVerifier.verify(file, DEVICE, signingKey.publicKey());

        assertThat(report).isInstanceOf(ChainReport.Intact.class);
        assertThat(((ChainReport.Intact) report).lastSignedSequence()).isEqualTo(10);
    }

    @Test
    void refusesToReadSealedBodiesWithoutTheKeyOrWithAnotherKey() throws Exception {
        Path file = writeLog("sealed", BodyCipher.ofKey(new byte[BodyCipher.KEY_LENGTH]));

        try (EntryLog withoutKey = EntryLog.open(file, DEVICE)) {
            assertThatThrownBy(() -> withoutKey.readFrom(0, 10)).isInstanceOf(EntryLogException.class)
                    .hasMessageContaining(DEVICE + "/1").hasMessageContaining("without its data key");
        }
        byte[] otherKey = new byte[BodyCipher.KEY_LENGTH];
        otherKey[0] = 1;
        try (EntryLog wrongKey = EntryLog.open(file, DEVICE, options(BodyCipher.ofKey(otherKey)))) {
            assertThatThrownBy(() -> wrongKey.readFrom(0, 10)).isInstanceOf(EntryLogException.class)
                    .hasMessageContaining("does not decrypt");
        }
    }

    @Test
    void aBodyMovedToAnotherRowNeitherVerifiesNorDecrypts() throws Exception {
        Path file = writeLog("sealed", BodyCipher.ofKey(new byte[BodyCipher.KEY_LENGTH]));
        byte[] second = RawSql.bytes(file, "SELECT body FROM records WHERE seq = 2");
        RawSql.update(file, "UPDATE records SET body = ? WHERE seq = 3", second);
        byte[] prev = RawSql.bytes(file, "SELECT prev_hash FROM records WHERE seq = 3");
        long wall = RawSql.number(file, "SELECT wall_time_ms FROM records WHERE seq = 3");
        RawSql.update(file, "UPDATE records SET hash = ? WHERE seq = 3", ChainEncoding.recordHash(DEVICE, 3,
                RecordKind.ENTRY, wall, BodyFormat.AES_GCM_CBOR, second, prev));

        assertThat(ChainVerifier.verify(file, DEVICE, signingKey.publicKey()))
                .extracting(r -> ((ChainReport.Broken) r).problem(), r -> ((ChainReport.Broken) r).sequence())
                .containsExactly(ChainReport.Problem.BROKEN_LINK, 4L);
        try (EntryLog log = EntryLog.open(file, DEVICE, options(BodyCipher.ofKey(new byte[32])))) {
            assertThatThrownBy(() -> log.readFrom(2, 1)).hasMessageContaining("does not decrypt");
        }
    }

    @Test
    void createsAnOwnerOnlyKeyFileOnceAndReusesIt() throws Exception {
        Path keyFile = dir.resolve("keys/data.key");

        BodyCipher.fromKeyFile(keyFile);
        byte[] first = Files.readAllBytes(keyFile);
        BodyCipher.fromKeyFile(keyFile);

        assertThat(first).hasSize(BodyCipher.KEY_LENGTH);
        assertThat(Files.readAllBytes(keyFile)).isEqualTo(first);
        assumeThat(keyFile.getFileSystem().supportedFileAttributeViews()).contains("posix");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile))).isEqualTo("rw-------");
    }

    private Path writeLog(String name, BodyCipher cipher) throws Exception {
        Path file = dir.resolve(name + "/entries.db");
        EntryLogOptions options = cipher == null ? EntryLogOptions.defaults().withSigningKey(signingKey)
                : options(cipher);
        try (EntryLog log = EntryLog.open(file, DEVICE, options)) {
            for (int i = 1; i <= 10; i++) {
                log.append(withIdentity(Entries.sample(i)));
            }
        }
        return file;
    }

    private EntryLogOptions options(BodyCipher cipher) {
        return EntryLogOptions.defaults().withSigningKey(signingKey).withCipher(cipher);
    }

    private static EntryRecord withIdentity(EntryRecord record) {
        return new EntryRecord(record.wallTime(), record.monotonicNanos(), record.verdict(), record.format(),
                record.issuerKeyId(), "v", record.holderId(), IDENTITY, record.clockTrusted());
    }

    /** Every byte of every file in the folder (database, WAL, reservations), as ISO-8859-1 text to search in. */
    private static String allBytes(Path folder) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                all.writeBytes(Files.readAllBytes(file));
            }
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}
