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

class DeviceKeyTest {
    @TempDir
    Path dir;

    @Test
    void createsAnOwnerOnlyPemKeyFileOnceAndReusesIt() throws IOException {
        Path file = dir.resolve("keys/signing.pem");

        DeviceKey first = DeviceKey.fromFile(file);
        String written = Files.readString(file);
        DeviceKey second = DeviceKey.fromFile(file);

        assertThat(written).startsWith("-----BEGIN PRIVATE KEY-----\n").contains("-----END PRIVATE KEY-----\n"
                + "-----BEGIN PUBLIC KEY-----\n").endsWith("-----END PUBLIC KEY-----\n");
        assertThat(Files.readString(file)).isEqualTo(written);
        assertThat(second.publicKey()).isEqualTo(first.publicKey());
        assertThat(DeviceKey.readPublicKey(file)).isEqualTo(first.publicKey());
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
        assumeThat(file.getFileSystem().supportedFileAttributeViews()).contains("posix");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void signsCheckpointsThatVerifyOnlyUnderItsOwnKey() {
        DeviceKey key = DeviceKey.generate();
        Checkpoint checkpoint = key.sign("gate-1", 7, new byte[32], 1_000L);

        assertThat(checkpoint.verifies(key.publicKey())).isTrue();
        assertThat(checkpoint.keyId()).isEqualTo(key.keyId()).hasSize(Checkpoint.KEY_ID_LENGTH);
        assertThat(checkpoint.signature()).hasSize(Checkpoint.SIGNATURE_LENGTH);
        assertThat(checkpoint.verifies(DeviceKey.generate().publicKey())).isFalse();
        assertThat(new Checkpoint("gate-1", 8, new byte[32], 1_000L, checkpoint.keyId(), checkpoint.signature())
                .verifies(key.publicKey())).as("another sequence").isFalse();
    }

    @Test
    void refusesAKeyFileWhosePublicHalfBelongsToAnotherKey() throws IOException {
        Path mine = dir.resolve("mine.pem");
        DeviceKey.fromFile(mine);
        String text = Files.readString(mine);
        String otherPublic = DeviceKey.generate().publicKeyPem();
        Files.writeString(mine, text.substring(0, text.indexOf("-----BEGIN PUBLIC KEY-----")) + otherPublic);

        assertThatThrownBy(() -> DeviceKey.read(mine)).isInstanceOf(IOException.class)
                .hasMessageContaining("does not belong to its private key");
    }

    @Test
    void refusesAFileWithoutTheNeededBlock() throws IOException {
        Path file = Files.writeString(dir.resolve("public-only.pem"), DeviceKey.generate().publicKeyPem());

        assertThatThrownBy(() -> DeviceKey.read(file)).isInstanceOf(IOException.class)
                .hasMessageContaining("no PEM block 'PRIVATE KEY'");
        assertThat(DeviceKey.readPublicKey(file)).isNotNull();
    }
}
