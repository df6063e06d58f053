package dev.passgate.daemon.verify;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import java.text.Normalizer;
import java.util.Locale;

/**
 * The normalised identity of a pass holder, from which the entry log derives a pseudonym: standardised family
 * name, standardised given name and date of birth, upper-cased and joined. Two passes of one person (a test
 * and a vaccination, say) give the same identity; the value itself is personal data and is never logged.
 */
public final class HolderIdentity {
    private HolderIdentity() {
    }

    /** The identity of an EU DCC hcert, or null when it names nobody. */
    public static String ofHcert(CBORObject hcert) {
        CBORObject nam = hcert.get("nam");
        String family = "";
        String given = "";
        if (nam != null && nam.getType() == CBORType.Map) {
            family = text(nam, "fnt", "fn");
            given = text(nam, "gnt", "gn");
        }
        CBORObject dob = hcert.get("dob");
        String birth = dob != null && dob.getType() == CBORType.TextString ? dob.AsString() : "";
        if (family.isEmpty() && given.isEmpty()) {
            return null;
        }
        return normalise(family) + "<<" + normalise(given) + "|" + birth.strip();
    }

    private static String text(CBORObject map, String preferred, String fallback) {
        for (String key : new String[] {preferred, fallback}) {
            CBORObject value = map.get(key);
            if (value != null && value.getType() == CBORType.TextString && !value.AsString().isBlank()) {
                return value.AsString();
            }
        }
        return "";
    }

    private static String normalise(String name) {
        String decomposed = Normalizer.normalize(name.strip(), Normalizer.Form.NFKC);
        return decomposed.toUpperCase(Locale.ROOT).replaceAll("[\\s-]+", "<");
    }
}
