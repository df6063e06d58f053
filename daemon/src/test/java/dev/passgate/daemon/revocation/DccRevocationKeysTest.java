package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.CoseSign1;
import dev.passgate.daemon.decode.CwtClaims;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** Known answers computed independently (Python hashlib) for the three DCC hash types. */
class DccRevocationKeysTest {
    private static final String UCI = "URN:UVCI:01:DE:ABC123#X";
    private static final byte[] SIGNATURE = new byte[64];

    static {
        for (int i = 0; i < SIGNATURE.length; i++) {
            SIGNATURE[i] = (byte) i;
        }
    }

    @Test
    void uciKeyIsTheFirst16BytesOfSha256OfTheUci() {
        assertThat(hex(DccRevocationKeys.uciHash(UCI))).isEqualTo("528c443801a05d231d8ffb047eb3c687");
    }

    @Test
    void countryCodeUciKeyHashesTheCountryThenTheUci() {
        assertThat(hex(DccRevocationKeys.countryCodeUciHash("DE", UCI))).isEqualTo("cb98f065bb1d67a2afa924abec6afebf");
    }

    @Test
    void signatureKeyHashesOnlyRForEcdsaAndTheWholeSignatureForRsa() {
        assertThat(hex(DccRevocationKeys.signatureHash(SIGNATURE, -7))).isEqualTo("630dcd2966c4336691125448bbb25b4f");
        assertThat(hex(DccRevocationKeys.signatureHash(SIGNATURE, -37))).isEqualTo("fdeab9acf3710362bd2658cdc9a29e8f");
    }

    @Test
    void passKeysUseTheCwtIssuerAsCountryAndAlsoCoWhenTheyDiffer() {
        DccRevocationKeys keys = DccRevocationKeys.of(cose(-7), claims("DE", "AT", UCI));

        assertThat(keys.country()).isEqualTo("DE");
        assertThat(keys.probes()).extracting(DccRevocationKeys.Probe::kind)
                .containsExactly(Kind.DCC_SIGNATURE, Kind.DCC_UCI, Kind.DCC_COUNTRYCODEUCI, Kind.DCC_COUNTRYCODEUCI);
        assertThat(keys.probes()).extracting(probe -> hex(probe.prefix16())).containsExactly(
                "630dcd2966c4336691125448bbb25b4f", "528c443801a05d231d8ffb047eb3c687",
                "cb98f065bb1d67a2afa924abec6afebf", "91f9f6fd71538bd15ef2bf9c9a55a0c6");
    }

    @Test
    void passWithoutIssuerClaimTakesCoAndOneCountryKey() {
        DccRevocationKeys keys = DccRevocationKeys.of(cose(-7), claims(null, "DE", UCI));

        assertThat(keys.country()).isEqualTo("DE");
        assertThat(keys.probes()).hasSize(3);
    }

    @Test
    void passWithoutUciHasOnlyTheSignatureKey() {
        DccRevocationKeys keys = DccRevocationKeys.of(cose(-37), claims("DE", "DE", null));

        assertThat(keys.probes()).extracting(DccRevocationKeys.Probe::kind).containsExactly(Kind.DCC_SIGNATURE);
        assertThat(hex(keys.probes().get(0).prefix16())).isEqualTo("fdeab9acf3710362bd2658cdc9a29e8f");
    }

    private static CoseSign1 cose(int algorithm) {
        CBORObject protectedHeader = CBORObject.NewMap().Add(1, algorithm);
        return new CoseSign1(protectedHeader.EncodeToBytes(), protectedHeader, CBORObject.NewMap(), new byte[0],
                SIGNATURE.clone());
    }

    private static CwtClaims claims(String issuer, String co, String uci) {
        CBORObject entry = CBORObject.NewMap().Add("co", co);
        if (uci != null) {
            entry.Add("ci", uci);
        }
        CBORObject hcert = CBORObject.NewMap().Add("ver", "1.3.0").Add("t", CBORObject.NewArray().Add(entry));
        return new CwtClaims(issuer, Instant.EPOCH, Instant.EPOCH, hcert);
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
