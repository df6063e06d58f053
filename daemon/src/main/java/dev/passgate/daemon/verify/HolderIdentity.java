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

    /**
     * A name in the standardised form of the EU DCC's {@code fnt}/{@code gnt} (after ICAO Doc 9303): upper-case
     * A to Z with '<' between the parts. Diacritics are dropped, the letters ICAO spells out are spelled out
     * (Ä → AE, Ö → OE, Ü → UE, Å → AA, Æ → AE, Ø → OE, ß → SS), apostrophes vanish. A name without Latin
     * letters is kept in its own script, normalised as the identity normalises names. Formats that carry only
     * the name as written (SMART Health Cards) use this so that their holder identity matches the DCC one.
     */
    public static String standardised(String name) {
        String upper = name.strip().toUpperCase(Locale.ROOT);
        StringBuilder spelled = new StringBuilder(upper.length() + 8);
        for (int i = 0; i < upper.length(); i++) {
            char c = upper.charAt(i);
            spelled.append(switch (c) {
                case 'Ä', 'Æ' -> "AE";
                case 'Ö', 'Ø', 'Œ' -> "OE";
                case 'Ü' -> "UE";
                case 'Å' -> "AA";
                case 'Þ' -> "TH";
                case '\'', '\u2019' -> "";
                default -> String.valueOf(c);
            });
        }
        String latin = Normalizer.normalize(spelled, Normalizer.Form.NFD).replaceAll("\\p{M}+", "")
                .replaceAll("[^A-Z]+", "<").replaceAll("^<+|<+$", "");
        return latin.isEmpty() ? normalise(name) : latin;
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
