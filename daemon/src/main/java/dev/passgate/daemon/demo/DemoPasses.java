package dev.passgate.daemon.demo;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The four sample passes the demo prints and scans: valid, expired, forged signature, unknown issuer. They are
 * minted at start with a fresh demo issuer (trusted) and a stranger (not trusted); the holders are fictional.
 */
public final class DemoPasses {
    /** One sample: a label, the verdict it must get, and the pass text. */
    public record Sample(String label, String expectedVerdict, String text) {
    }

    private final X509Certificate issuer;
    private final TrustStore trust;
    private final List<Sample> samples;

    private DemoPasses(X509Certificate issuer, List<Sample> samples) {
        this.issuer = issuer;
        this.trust = TrustStore.builder().add(issuer).build();
        this.samples = samples;
    }

    public static DemoPasses mint(Instant now) {
        Hc1Issuer issuer = Hc1Issuer.create("passgate demo issuer", now.minus(Duration.ofDays(800)),
                now.plus(Duration.ofDays(800)));
        Hc1Issuer stranger = Hc1Issuer.create("unknown issuer", now.minus(Duration.ofDays(800)),
                now.plus(Duration.ofDays(800)));
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        String valid = issuer.sign(vaccination("HONG", "GILDONG", "1990-05-17", today.minusDays(40)), "KR",
                now.minus(Duration.ofDays(30)), now.plus(Duration.ofDays(330)));
        String expired = issuer.sign(vaccination("KIM", "MINJI", "1985-11-02", today.minusDays(420)), "KR",
                now.minus(Duration.ofDays(400)), now.minus(Duration.ofDays(35)));
        String forged = Forgery.flipSignatureBit(issuer.sign(vaccination("LEE", "SEOYEON", "2001-01-30",
                today.minusDays(20)), "KR", now.minus(Duration.ofDays(10)), now.plus(Duration.ofDays(350))));
        String unknown = stranger.sign(vaccination("PARK", "JIHO", "1978-03-09", today.minusDays(60)), "KR",
                now.minus(Duration.ofDays(50)), now.plus(Duration.ofDays(310)));
        List<Sample> samples = List.of(
                new Sample("valid", "VALID", valid),
                new Sample("expired", "EXPIRED", expired),
                new Sample("forged signature", "INVALID_SIGNATURE", forged),
                new Sample("unknown issuer", "UNKNOWN_ISSUER", unknown));
        return new DemoPasses(issuer.certificate(), samples);
    }

    /** The demo issuer's document signer certificate. */
    public X509Certificate issuerCertificate() {
        return issuer;
    }

    /** A trust store holding only the demo issuer's certificate. */
    public TrustStore trust() {
        return trust;
    }

    public List<Sample> samples() {
        return samples;
    }

    private static CBORObject vaccination(String family, String given, String birth, LocalDate dose) {
        CBORObject entry = CBORObject.NewOrderedMap()
                .Add("tg", "840539006").Add("vp", "1119349007").Add("mp", "EU/1/20/1528")
                .Add("ma", "ORG-100030215").Add("dn", 2).Add("sd", 2).Add("dt", dose.toString())
                .Add("co", "KR").Add("is", "passgate demo issuer")
                .Add("ci", "URN:UVCI:01:KR:DEMO" + Math.abs((family + given).hashCode()) + "#0");
        return CBORObject.NewOrderedMap()
                .Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fn", family).Add("fnt", family)
                        .Add("gn", given).Add("gnt", given))
                .Add("dob", birth)
                .Add("v", CBORObject.NewArray().Add(entry));
    }
}
