package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HolderPseudonymsTest {
    private static final String ERIKA = "MUSTERMANN<<ERIKA|1964-08-12";

    @TempDir
    Path dir;

    @Test
    void givesTheSameIdForTheSameIdentity() {
        HolderPseudonyms pseudonyms = HolderPseudonyms.ofSecret(secret(1));

        assertThat(pseudonyms.of(ERIKA)).isEqualTo(pseudonyms.of(ERIKA));
        assertThat(HolderPseudonyms.ofSecret(secret(1)).of(ERIKA)).isEqualTo(pseudonyms.of(ERIKA));
    }

    @Test
    void givesDifferentIdsForDifferentIdentitiesAndDifferentSecrets() {
        HolderPseudonyms site = HolderPseudonyms.ofSecret(secret(1));
        HolderPseudonyms otherSite = HolderPseudonyms.ofSecret(secret(2));

        assertThat(site.of(ERIKA)).isNotEqualTo(site.of("MUSTERMANN<<ERIK|1964-08-12"));
        assertThat(site.of(ERIKA)).isNotEqualTo(otherSite.of(ERIKA));
    }

    @Test
    void isTheTruncatedHmacSha256OfTheUtf8Identity() {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) i;
        }

        String id = HolderPseudonyms.ofSecret(secret).of(ERIKA);

        // Golden value from: printf '%s' "$ERIKA" | openssl dgst -sha256 -mac HMAC -macopt hexkey:000102...1f
        assertThat(id).isEqualTo("44fdb727a8ebd78bacdd1a3a0738cae1").hasSize(HolderPseudonyms.PSEUDONYM_HEX_LENGTH);
        assertThat(new EntryRecord(Entries.START, 0, "VALID", "HC1", null, id, true).holderId()).isEqualTo(id);
    }

    @Test
    void createsAnOwnerOnlySecretFileOnceAndReusesIt() throws IOException {
        Path file = dir.resolve("secrets/holder.key");

        String first = HolderPseudonyms.fromSecretFile(file).of(ERIKA);
        byte[] written = Files.readAllBytes(file);
        String second = HolderPseudonyms.fromSecretFile(file).of(ERIKA);

        assertThat(written).hasSize(HolderPseudonyms.SECRET_LENGTH);
        assertThat(Files.readAllBytes(file)).isEqualTo(written);
        assertThat(second).isEqualTo(first);
        assertThat(HolderPseudonyms.ofSecret(written).of(ERIKA)).isEqualTo(first);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
        assumeThat(file.getFileSystem().supportedFileAttributeViews()).contains("posix");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void usesTheSecretAlreadyInTheFile() throws IOException {
        Path file = dir.resolve("holder.key");
        Files.write(file, secret(7));

        assertThat(HolderPseudonyms.fromSecretFile(file).of(ERIKA))
                .isEqualTo(HolderPseudonyms.ofSecret(secret(7)).of(ERIKA));
    }

    @Test
    void refusesASecretFileOfTheWrongLength() throws IOException {
        Path file = dir.resolve("holder.key");
        Files.write(file, new byte[31]);

        assertThatThrownBy(() -> HolderPseudonyms.fromSecretFile(file))
                .isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("has 31 bytes, expected 32");
    }

    @Test
    void refusesASecretOfTheWrongLengthAndAnEmptyIdentity() {
        assertThatThrownBy(() -> HolderPseudonyms.ofSecret(new byte[16]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16 bytes, expected 32");
        assertThatThrownBy(() -> HolderPseudonyms.ofSecret(secret(1)).of(""))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static byte[] secret(int seed) {
        byte[] secret = new byte[HolderPseudonyms.SECRET_LENGTH];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (seed * 31 + i);
        }
        return secret;
    }
}
