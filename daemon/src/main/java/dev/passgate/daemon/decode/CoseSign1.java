package dev.passgate.daemon.decode;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import com.upokecenter.numbers.EInteger;
import java.util.Optional;

/**
 * A COSE_Sign1 message (RFC 9052, section 4.2) as it arrives in a pass, parsed but not yet verified.
 *
 * <pre>
 *   [tag 61 (CWT)] [tag 18 (COSE_Sign1)]        both tags optional
 *   [ protected   : bstr .cbor header_map,      may be empty
 *     unprotected : header_map,
 *     payload     : bstr,                        detached payloads (nil) are refused
 *     signature   : bstr ]
 *   header_map: { 1 =&gt; alg (int), 4 =&gt; kid (bstr), ... }
 * </pre>
 *
 * The key id is taken from the protected header and only when that has none from the unprotected one.
 * {@link #toBeSigned()} rebuilds the Sig_structure over the protected bytes exactly as received.
 */
public record CoseSign1(byte[] protectedBytes, CBORObject protectedHeader, CBORObject unprotectedHeader,
                        byte[] payload, byte[] signature) {
    private static final int TAG_CWT = 61;
    private static final int TAG_SIGN1 = 18;
    private static final int LABEL_ALG = 1;
    private static final int LABEL_KID = 4;

    /** A parsed message, or why the bytes are not a COSE_Sign1 message. */
    public record Parsed(CoseSign1 message, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    public static Parsed parse(byte[] bytes, Limits limits) {
        Cbor.Decoded decoded = Cbor.decode(bytes, limits);
        if (!decoded.ok()) {
            return failed(decoded.failure());
        }
        CBORObject item = decoded.item();
        while (item.isTagged()) {
            EInteger tag = item.getMostOuterTag();
            if (!tag.equals(EInteger.FromInt32(TAG_CWT)) && !tag.equals(EInteger.FromInt32(TAG_SIGN1))) {
                return failed("unexpected CBOR tag " + tag + ", expected 61 (CWT) or 18 (COSE_Sign1)");
            }
            item = item.UntagOne();
        }
        if (item.getType() != CBORType.Array || item.size() != 4) {
            return failed("COSE_Sign1 must be an array of 4 items, found " + describe(item));
        }
        CBORObject prot = item.get(0);
        CBORObject unprot = item.get(1);
        CBORObject payload = item.get(2);
        CBORObject signature = item.get(3);
        if (prot.getType() != CBORType.ByteString || unprot.getType() != CBORType.Map
                || payload.getType() != CBORType.ByteString || signature.getType() != CBORType.ByteString) {
            return failed("COSE_Sign1 items must be bstr, map, bstr, bstr");
        }
        byte[] protectedBytes = prot.GetByteString();
        CBORObject protectedHeader = CBORObject.NewMap();
        if (protectedBytes.length > 0) {
            Cbor.Decoded header = Cbor.decode(protectedBytes, limits);
            if (!header.ok() || header.item().getType() != CBORType.Map) {
                return failed("the protected header is not a CBOR map");
            }
            protectedHeader = header.item();
        }
        return new Parsed(new CoseSign1(protectedBytes, protectedHeader, unprot, payload.GetByteString(),
                signature.GetByteString()), null);
    }

    /** The COSE algorithm identifier, from the protected header first. */
    public Optional<Integer> algorithm() {
        return header(LABEL_ALG)
                .filter(v -> v.getType() == CBORType.Integer && v.CanValueFitInInt32())
                .map(CBORObject::AsInt32Value);
    }

    /** The key id: from the protected header when it has one, else from the unprotected header. */
    public Optional<byte[]> keyId() {
        CBORObject kid = protectedHeader.get(LABEL_KID);
        if (kid == null) {
            kid = unprotectedHeader.get(LABEL_KID);
        }
        return Optional.ofNullable(kid)
                .filter(v -> v.getType() == CBORType.ByteString)
                .map(CBORObject::GetByteString);
    }

    /** The bytes the signature covers: Sig_structure ["Signature1", protected, external_aad = h'', payload]. */
    public byte[] toBeSigned() {
        return CBORObject.NewArray()
                .Add("Signature1")
                .Add(protectedBytes)
                .Add(new byte[0])
                .Add(payload)
                .EncodeToBytes();
    }

    private Optional<CBORObject> header(int label) {
        CBORObject value = protectedHeader.get(label);
        return Optional.ofNullable(value != null ? value : unprotectedHeader.get(label));
    }

    private static Parsed failed(String reason) {
        return new Parsed(null, reason);
    }

    private static String describe(CBORObject item) {
        String type = item.getType().toString().toLowerCase(java.util.Locale.ROOT);
        return item.getType() == CBORType.Array ? "an array of " + item.size() : "a " + type;
    }
}
