package dev.passgate.daemon.testing;

import java.util.Random;

/**
 * Fixed pass-like texts for tests that decode images. A minted demo pass's text changes from run to run (a fresh
 * issuer key, a randomized ECDSA signature), and so does its QR code: a test asserting that one frame of it reads
 * passes or fails with the draw (one in 60 or so did fail). These texts are the same in every run.
 */
public final class PassTexts {
    /** Base45's characters, which are exactly QR's alphanumeric set: the code has the size of a real pass's. */
    private static final String BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
    /** As long as the demo's vaccination pass, the densest code a kiosk reads in the tests. */
    public static final String HC1 = hc1(1, 554);

    private PassTexts() {
    }

    /** "HC1:" and then {@code length - 4} Base45 characters drawn from {@code seed}. */
    public static String hc1(long seed, int length) {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder("HC1:");
        while (text.length() < length) {
            text.append(BASE45.charAt(random.nextInt(BASE45.length())));
        }
        return text.toString();
    }
}
