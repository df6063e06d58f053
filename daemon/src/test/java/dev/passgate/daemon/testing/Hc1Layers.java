package dev.passgate.daemon.testing;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.decode.Inflation;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.Deflater;
import org.apache.commons.codec.binary.Base45;

/**
 * Takes HC1 texts apart and puts them together again one layer at a time (text, zlib, COSE bytes, CWT payload),
 * so tests can build hostile content at any layer and wrap it into a code that reaches that layer.
 */
public final class Hc1Layers {
    private static final int ONE_MEGABYTE = 1 << 20;

    private Hc1Layers() {
    }

    /** The COSE bytes inside a well-formed HC1 text. */
    public static byte[] cose(String hc1) {
        byte[] compressed = new Base45().decode(hc1.substring(4));
        return Inflation.zlib(compressed, ONE_MEGABYTE).bytes();
    }

    /** An HC1 text carrying {@code coseBytes}: zlib at the best compression, Base45, prefix. */
    public static String fromCose(byte[] coseBytes) {
        return "HC1:" + new String(new Base45().encode(zlib(coseBytes)), StandardCharsets.US_ASCII);
    }

    /** The CWT payload (the claims' bytes) of a well-formed HC1 text. */
    public static byte[] payload(String hc1) {
        return coseArray(hc1).get(2).GetByteString();
    }

    /** The HC1 text with its COSE payload replaced by {@code payload}; headers and signature stay as they were. */
    public static String withPayload(String hc1, byte[] payload) {
        CBORObject array = coseArray(hc1);
        array.set(2, CBORObject.FromObject(payload));
        return fromCose(CBORObject.FromObjectAndTag(array, 18).EncodeToBytes());
    }

    public static byte[] zlib(byte[] data) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    private static CBORObject coseArray(String hc1) {
        CBORObject cose = CBORObject.DecodeFromBytes(cose(hc1));
        while (cose.isTagged()) {
            cose = cose.UntagOne();
        }
        return cose;
    }
}
