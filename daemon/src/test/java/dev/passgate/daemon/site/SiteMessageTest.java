package dev.passgate.daemon.site;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.daemon.audit.DeviceKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SiteMessageTest {
    private static final String HOLDER = "00112233445566778899aabbccddeeff";
    private static final String REPLAY = "ffeeddccbbaa99887766554433221100";
    private static final String TAG = "0123456789abcdef";
    private static final String HEAD = "{\"from\":\"door-a\",\"site\":\"" + TAG + "\",\"seq\":1,\"sent_ms\":5,";
    private static final Instant AT = Instant.parse("2026-12-06T10:00:00.123Z");
    /** The MAC key of the golden sample: bytes 0x00..0x0f. */
    static final byte[] MAC_KEY = java.util.HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @TempDir
    Path dir;

    @Test
    void roundTripsAnAdmissionThatOnlyTheSendersKeyVerifies() {
        DeviceKey sender = DeviceKey.generate();
        SiteAdmission admission = new SiteAdmission("door-a", AT, HOLDER, REPLAY);

        byte[] datagram = SiteMessage.encode(admission, TAG, 42, AT.toEpochMilli() + 5, sender, MAC_KEY);
        SiteMessage.Parsed parsed = SiteMessage.decode(datagram, datagram.length);

        assertThat(SiteMessage.version(datagram, datagram.length)).isEqualTo(2);
        assertThat(SiteMessage.authentic(datagram, datagram.length, MAC_KEY)).isTrue();
        assertThat(SiteMessage.authentic(datagram, datagram.length, new byte[16])).as("another site's key").isFalse();

        assertThat(parsed).isNotNull();
        assertThat(parsed.admission()).isEqualTo(admission);
        assertThat(parsed.seq()).isEqualTo(42);
        assertThat(parsed.site()).isEqualTo(TAG);
        assertThat(parsed.sentMillis()).isEqualTo(AT.toEpochMilli() + 5);
        assertThat(parsed.signedBy(sender.publicKey())).isTrue();
        assertThat(parsed.signedBy(DeviceKey.generate().publicKey())).isFalse();
        assertThat(datagram.length).isLessThanOrEqualTo(SiteMessage.MAX_DATAGRAM);
    }

    @Test
    void aChangedByteAnywhereBreaksTheMacAndInThePayloadTheSignature() {
        DeviceKey sender = DeviceKey.generate();
        byte[] datagram = SiteMessage.encode(new SiteAdmission("door-a", AT, null, REPLAY), TAG, 1, AT.toEpochMilli(),
                sender, MAC_KEY);

        for (int i = 0; i < datagram.length; i++) {
            byte[] changed = datagram.clone();
            changed[i] ^= 0x01;
            assertThat(SiteMessage.authentic(changed, changed.length, MAC_KEY)).as("MAC, byte " + i).isFalse();
            if (i >= 6 && i < datagram.length - SiteMessage.MAC_BYTES) {
                SiteMessage.Parsed parsed = SiteMessage.decode(changed, changed.length);
                assertThat(parsed == null || !parsed.signedBy(sender.publicKey())).as("byte " + i).isTrue();
            }
        }
    }

    @Test
    void readsTheVersion2SampleAndWritesItAgainByteForByte() throws IOException {
        byte[] sample = resource("message-v2.bin");
        DeviceKey key = sampleKey();

        SiteMessage.Parsed parsed = SiteMessage.decode(sample, sample.length);

        assertThat(SiteMessage.authentic(sample, sample.length, MAC_KEY)).isTrue();
        assertThat(parsed).isNotNull();
        assertThat(parsed.admission()).isEqualTo(new SiteAdmission("kiosk-a", AT, HOLDER, REPLAY));
        assertThat(parsed.seq()).isEqualTo(1_765_015_200_000_000L);
        assertThat(parsed.site()).isEqualTo(TAG);
        assertThat(parsed.signedBy(key.publicKey())).isTrue();
        assertThat(SiteMessage.encode(parsed.admission(), parsed.site(), parsed.seq(), parsed.sentMillis(), key,
                MAC_KEY)).isEqualTo(sample);
    }

    /** Version 1 carries no site MAC: it is recognised (so an old peer shows as such) and never read. */
    @Test
    void recognisesTheVersion1SampleAndRefusesToReadIt() throws IOException {
        byte[] sample = resource("message-v1.bin");

        assertThat(SiteMessage.version(sample, sample.length)).isEqualTo(1);
        assertThat(sample.length).as("at most 470 bytes, as v1 was").isLessThanOrEqualTo(470);
        assertThat(SiteMessage.framed(sample, sample.length)).isFalse();
        assertThat(SiteMessage.authentic(sample, sample.length, MAC_KEY)).isFalse();
        assertThat(SiteMessage.decode(sample, sample.length)).isNull();
        byte[] relabelled = Arrays.copyOf(sample, sample.length + SiteMessage.MAC_BYTES);
        relabelled[3] = '2';
        assertThat(SiteMessage.authentic(relabelled, relabelled.length, MAC_KEY)).as("v1 relabelled as v2")
                .isFalse();
    }

    private DeviceKey sampleKey() throws IOException {
        Path keyFile = dir.resolve("kiosk-a.pem");
        Files.write(keyFile, resource("kiosk-a.pem"));
        return DeviceKey.read(keyFile);
    }

    /** Writes {@code message-v2.bin} again (run once with -Dpassgate.site.writeGolden=DIR when the format changes). */
    @Test
    void writesTheVersion2SampleWhenAsked() throws IOException {
        String out = System.getProperty("passgate.site.writeGolden");
        if (out == null) {
            return;
        }
        byte[] sample = SiteMessage.encode(new SiteAdmission("kiosk-a", AT, HOLDER, REPLAY), TAG,
                1_765_015_200_000_000L, AT.toEpochMilli() + 5, sampleKey(), MAC_KEY);
        Files.write(Path.of(out, "message-v2.bin"), sample);
    }

    @Test
    void refusesEveryOtherShapeWithoutThrowing() {
        DeviceKey sender = DeviceKey.generate();
        byte[] good = SiteMessage.encode(new SiteAdmission("door-a", AT, HOLDER, null), TAG, 7, AT.toEpochMilli(),
                sender, MAC_KEY);

        assertThat(SiteMessage.decode(good, good.length - 1)).isNull();
        assertThat(SiteMessage.decode(Arrays.copyOf(good, SiteMessage.MAX_DATAGRAM + 1),
                SiteMessage.MAX_DATAGRAM + 1)).isNull();
        byte[] magic = good.clone();
        magic[3] = '3';
        assertThat(SiteMessage.decode(magic, magic.length)).isNull();
        assertThat(decodeSigned(sender, HEAD + "\"at_ms\":6,\"holder\":\"ab\"}"))
                .as("admitted after it was sent").isNull();
        assertThat(decodeSigned(sender, HEAD.replace("door-a", "door a") + "\"at_ms\":5,\"holder\":\"ab\"}"))
                .as("an id with a space").isNull();
        assertThat(decodeSigned(sender, HEAD + "\"at_ms\":5,\"holder\":\"AB\"}"))
                .as("upper-case hex").isNull();
        assertThat(decodeSigned(sender, HEAD + "\"at_ms\":5}"))
                .as("neither holder nor replay").isNull();
        assertThat(decodeSigned(sender, HEAD + "\"at_ms\":5,\"holder\":\"ab\","
                + "\"name\":\"HONG\"}")).as("an unknown key").isNull();
        assertThat(decodeSigned(sender, "[1,2,3]")).as("not a map").isNull();
        assertThat(decodeSigned(sender, "{\"from\":\"door-a\",\"seq\":1,\"sent_ms\":5,\"at_ms\":5,\"holder\":\"ab\"}"))
                .as("no site tag").isNull();
        assertThat(decodeSigned(sender, "{\"from\":\"door-a\",\"site\":\"01\",\"seq\":1,\"sent_ms\":5,\"at_ms\":5,"
                + "\"holder\":\"ab\"}")).as("a short site tag").isNull();
        assertThat(decodeSigned(sender, "{\"from\":\"door-a\",\"site\":\"0123456789abcdef\",\"seq\":1,"
                + "\"sent_ms\":5,\"at_ms\":5,\"holder\":\"ab\"}")).as("the same, well formed").isNotNull();
        Random random = new Random(18);
        for (int i = 0; i < 20_000; i++) {
            byte[] noise = new byte[random.nextInt(SiteMessage.MAX_DATAGRAM + 2)];
            random.nextBytes(noise);
            if (noise.length > 6 && random.nextBoolean()) {
                System.arraycopy(good, 0, noise, 0, 6);
            }
            SiteMessage.decode(noise, noise.length);
            assertThat(SiteMessage.authentic(noise, noise.length, MAC_KEY)).isFalse();
        }
    }

    /** A datagram around the CBOR form of {@code json}, signed and MACed as a real sender would. */
    private static SiteMessage.Parsed decodeSigned(DeviceKey key, String json) {
        byte[] payload = com.upokecenter.cbor.CBORObject.FromJSONString(json).EncodeToBytes();
        byte[] signed = new byte["passgate/site/2".length() + payload.length];
        System.arraycopy("passgate/site/2".getBytes(), 0, signed, 0, 15);
        System.arraycopy(payload, 0, signed, 15, payload.length);
        byte[] signature = key.signSite(signed);
        byte[] datagram = new byte[6 + payload.length + 64 + 16];
        System.arraycopy("PGS2".getBytes(), 0, datagram, 0, 4);
        datagram[4] = (byte) (payload.length >>> 8);
        datagram[5] = (byte) payload.length;
        System.arraycopy(payload, 0, datagram, 6, payload.length);
        System.arraycopy(signature, 0, datagram, 6 + payload.length, 64);
        System.arraycopy(hmac(datagram, datagram.length - 16), 0, datagram, datagram.length - 16, 16);
        assertThat(SiteMessage.authentic(datagram, datagram.length, MAC_KEY)).isTrue();
        return SiteMessage.decode(datagram, datagram.length);
    }

    /** HMAC-SHA-256 under {@link #MAC_KEY}, computed here independently of SiteMessage. */
    private static byte[] hmac(byte[] data, int length) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(MAC_KEY, "HmacSHA256"));
            mac.update(data, 0, length);
            return mac.doFinal();
        } catch (java.security.GeneralSecurityException e) {
            throw new AssertionError(e);
        }
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = SiteMessageTest.class.getResourceAsStream("/site/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
