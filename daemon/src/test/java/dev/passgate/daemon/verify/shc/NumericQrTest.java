package dev.passgate.daemon.verify.shc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class NumericQrTest {
    @Test
    void encodesEachJwsCharacterAsItsCodeMinus45InTwoDigits() {
        assertThat(NumericQr.encode("-Xz.")).isEqualTo("shc:/00437701");
        assertThat(NumericQr.decode("shc:/00437701").jws()).isEqualTo("-Xz.");
        assertThatThrownBy(() -> NumericQr.encode("a b")).hasMessageContaining("U+0020");
    }

    @Test
    void tellsChunksMalformedTextAndOtherFormatsApart() {
        assertThat(NumericQr.decode("shc:/2/3/0043").status()).isEqualTo(NumericQr.Status.CHUNKED);
        assertThat(NumericQr.decode("shc:/1/1/0043").jws()).isEqualTo("-X");
        assertThat(NumericQr.decode("shc:/004").status()).isEqualTo(NumericQr.Status.MALFORMED);
        assertThat(NumericQr.decode("shc:/0078").reason()).contains("78");
        assertThat(NumericQr.decode("shc:/00a3").status()).isEqualTo(NumericQr.Status.MALFORMED);
        assertThat(NumericQr.decode("shc:/").status()).isEqualTo(NumericQr.Status.MALFORMED);
        assertThat(NumericQr.decode("shc:5676").status()).isEqualTo(NumericQr.Status.NOT_SHC);
    }
}
