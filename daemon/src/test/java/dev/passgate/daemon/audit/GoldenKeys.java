package dev.passgate.daemon.audit;

import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.NamedParameterSpec;

/**
 * The fixed keys the version 2 golden file was written with. They are test constants, not secrets: the data key is
 * the bytes 0x00..0x1f, and the signing key is what the JDK's Ed25519 generator makes from the random bytes
 * 0x40, 0x41, ... so anyone can make them again, and no real log ever uses them.
 */
final class GoldenKeys {
    private GoldenKeys() {
    }

    static byte[] dataKey() {
        byte[] key = new byte[BodyCipher.KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) i;
        }
        return key;
    }

    static DeviceKey signingKey() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
            generator.initialize(NamedParameterSpec.ED25519, new CountingRandom(0x40));
            return DeviceKey.of(generator.generateKeyPair());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Not random at all: hands out consecutive byte values, for keys that must come out the same every time. */
    private static final class CountingRandom extends SecureRandom {
        private int next;

        CountingRandom(int start) {
            this.next = start;
        }

        @Override
        public void nextBytes(byte[] bytes) {
            for (int i = 0; i < bytes.length; i++) {
                bytes[i] = (byte) next++;
            }
        }
    }
}
