package dev.passgate.daemon.demo;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.verify.TrustStore;
import dev.passgate.daemon.verify.pg1.Pg1Keys;
import dev.passgate.daemon.verify.pg1.Pg1Signer;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A phone holding a PG1 credential, for the demo: an issuer and a holder minted on the spot (keys in memory
 * only), one credential, and {@link #present} to sign a fresh presentation for an instant, as the phone app does
 * every few seconds. Scheduling the refresh is the caller's business.
 */
public final class PhoneSimulator {
    private final KeyPair issuer;
    private final KeyPair holder;
    private final byte[] credential;
    private final SecureRandom random = new SecureRandom();

    private PhoneSimulator(KeyPair issuer, KeyPair holder, byte[] credential) {
        this.issuer = issuer;
        this.holder = holder;
        this.credential = credential;
    }

    /** A phone whose credential (a fictional vaccination) is valid from {@code now} for 180 days. */
    public static PhoneSimulator mint(Instant now) {
        SecureRandom random = new SecureRandom();
        KeyPair issuer = Pg1Keys.generate(random);
        KeyPair holder = Pg1Keys.generate(random);
        CBORObject dose = CBORObject.NewOrderedMap().Add("tg", "840539006").Add("vp", "J07BX03")
                .Add("mp", "EU/1/20/1528").Add("ma", "ORG-100030215").Add("dn", 3).Add("sd", 3)
                .Add("dt", "2022-01-05").Add("co", "KR");
        CBORObject hcert = CBORObject.NewOrderedMap().Add("ver", "1.3.0")
                .Add("nam", CBORObject.NewOrderedMap().Add("fnt", "KIM").Add("gnt", "MINJI"))
                .Add("dob", "1985-03-02").Add("v", CBORObject.NewArray().Add(dose));
        byte[] credential = Pg1Signer.credential(issuer, "DEMO", holder.getPublic(), hcert, now,
                now.plus(Duration.ofDays(180)));
        return new PhoneSimulator(issuer, holder, credential);
    }

    /** The trust entry a kiosk needs for this phone's issuer. */
    public TrustStore trust() {
        return TrustStore.builder().add(Pg1Keys.keyIdText(issuer.getPublic()), issuer.getPublic()).build();
    }

    /** The issuer's key id, as the trust files and {@code [staff] card_keys} write it. */
    public String issuerKeyId() {
        return Pg1Keys.keyIdText(issuer.getPublic());
    }

    /** A fresh presentation for {@code at}, with a new random nonce, bound to no venue (version 1). */
    public String present(Instant at) {
        return present(at, Optional.empty());
    }

    /**
     * A fresh presentation for {@code at}, with a new random nonce, signed for {@code venue} (the id the app read
     * from the venue's entrance QR code), or bound to no venue when it is empty.
     */
    public synchronized String present(Instant at, Optional<String> venue) {
        byte[] nonce = new byte[Pg1Signer.NONCE_LENGTH];
        random.nextBytes(nonce);
        return Pg1Signer.present(credential, holder.getPrivate(), at, nonce, venue);
    }
}
