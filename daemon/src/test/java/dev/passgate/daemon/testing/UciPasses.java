package dev.passgate.daemon.testing;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.demo.Hc1Issuer;
import java.time.Duration;
import java.time.Instant;

/**
 * HC1 passes for revocation tests: a two-dose vaccination of a fictional holder (TEST PASS, born 1990-01-01) whose
 * certificate identifier, vaccine product and issuing body ({@code is}) the test chooses, signed by {@code issuer}
 * for KR, valid from 10 days before {@code now} for 110 days.
 */
public final class UciPasses {
    /** The vaccine product of the passes when a test does not care which. */
    public static final String PRODUCT = "EU/1/20/1528";

    private UciPasses() {
    }

    public static String mint(Hc1Issuer issuer, String issuingBody, String uci, String product, Instant now) {
        CBORObject entry = CBORObject.NewOrderedMap().Add("tg", "840539006").Add("vp", "1119349007")
                .Add("mp", product).Add("ma", "ORG-100030215").Add("dn", 2).Add("sd", 2)
                .Add("dt", "2024-03-01").Add("co", "KR").Add("is", issuingBody).Add("ci", uci);
        CBORObject hcert = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fn", "TEST").Add("fnt", "TEST").Add("gn", "PASS")
                        .Add("gnt", "PASS"))
                .Add("dob", "1990-01-01").Add("v", CBORObject.NewArray().Add(entry));
        return issuer.sign(hcert, "KR", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(100)));
    }
}
