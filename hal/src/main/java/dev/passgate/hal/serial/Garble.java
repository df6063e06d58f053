package dev.passgate.hal.serial;

/**
 * Tells line noise from a code. Every pass format read here is printable ASCII text, while a reader sending at
 * another baud rate, or a loose wire, gives mostly control characters and bytes above 0x7E (read as ISO-8859-1).
 * A code of which more than half the characters are such is taken for noise; one odd character (a Latin-1 letter)
 * is not.
 */
final class Garble {
    private Garble() {
    }

    static boolean looksGarbled(String text) {
        int odd = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7E) {
                odd++;
            }
        }
        return odd * 2 > text.length();
    }
}
