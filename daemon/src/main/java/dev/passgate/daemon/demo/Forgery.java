package dev.passgate.daemon.demo;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Inflation;
import org.apache.commons.codec.binary.Base45;

/** Makes a forged copy of an HC1 pass: same content, one bit of its signature flipped. For demos and tests. */
public final class Forgery {
    private static final int ONE_MEGABYTE = 1 << 20;

    private Forgery() {
    }

    public static String flipSignatureBit(String pass) {
        byte[] compressed = new Base45().decode(pass.substring(4));
        byte[] coseBytes = Inflation.zlib(compressed, ONE_MEGABYTE).bytes();
        CBORObject cose = CBORObject.DecodeFromBytes(coseBytes);
        CBORObject array = cose.UntagOne();
        byte[] signature = array.get(3).GetByteString().clone();
        signature[signature.length / 2] ^= 0x01;
        array.set(3, CBORObject.FromObject(signature));
        return Hc1Issuer.encode(CBORObject.FromObjectAndTag(array, 18).EncodeToBytes());
    }
}
