package dev.passgate.daemon.trust;

import com.upokecenter.cbor.CBORObject;
import com.upokecenter.cbor.CBORType;
import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns an operator's revocation file into a bundle's binary revocation section, one line at a time, so that
 * millions of entries never sit in memory together.
 *
 * <p>The file is JSON Lines (UTF-8, one object per line, blank lines ignored, each line at most
 * {@link #MAX_LINE_CHARS} characters), each line in one of two shapes taken from the upstream lists:
 * <pre>
 * {"country": "DE", "kid": BASE64, "hashType": "UCI" | "COUNTRYCODEUCI" | "SIGNATURE",
 *  "entries": [{"hash": BASE64 of 16 bytes}, ...], ...}      an EU DCC revocation batch, as the gateway serves it
 * {"iss": URL, "kid": TEXT, "rids": ["RID", "RID.EPOCH_SECONDS", ...], "method": "rid"?, ...}
 *                                                              a SMART Health Cards revocation list, plus its iss
 * </pre>
 * Other keys ({@code expires}, {@code ctr}, ...) are ignored. Each line becomes one group of the section, scoped
 * {@code COUNTRY/KID} or {@code ISS#KID}; an RID's optional {@code .EPOCH_SECONDS} suffix becomes its revokedSince.
 */
public final class RevocationImport {
    static final int MAX_LINE_CHARS = 16 << 20;
    private static final int MAX_ENTRIES_PER_LINE = 1_000_000;
    private static final Map<String, Kind> HASH_TYPES = Map.of("UCI", Kind.DCC_UCI, "COUNTRYCODEUCI",
            Kind.DCC_COUNTRYCODEUCI, "SIGNATURE", Kind.DCC_SIGNATURE);

    private RevocationImport() {
    }

    /** Reads the JSON Lines file and writes the section to {@code section}; returns what the manifest needs. */
    public static BundleWriter.Revocation convert(Path file, Path section) throws IOException, BundleException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             OutputStream out = Files.newOutputStream(section);
             RevocationSection.Writer writer = new RevocationSection.Writer(out)) {
            int number = 0;
            for (String line = line(in, file, 1); line != null; line = line(in, file, number + 1)) {
                number++;
                if (!line.isBlank()) {
                    group(BoundedJson.parse(line.getBytes(StandardCharsets.UTF_8), file + ":" + number), writer,
                            file + ":" + number);
                }
            }
            writer.close();
            return new BundleWriter.Revocation(section, writer.length(), writer.sha256(), writer.entries());
        }
    }

    private static void group(CBORObject line, RevocationSection.Writer writer, String at)
            throws BundleException, IOException {
        if (line.getType() != CBORType.Map) {
            throw new BundleException(at + ": found a " + line.getType() + ", expected a JSON object");
        }
        List<RevocationEntry> entries = new ArrayList<>();
        Kind kind;
        String scope;
        try {
            if (line.ContainsKey("rids")) {
                kind = Kind.SHC_RID;
                scope = BoundedJson.text(line.get("iss"), at + " iss", 400) + "#"
                        + BoundedJson.text(line.get("kid"), at + " kid", 100);
                if (line.ContainsKey("method") && !"rid".equals(BoundedJson.text(line.get("method"), at + " method",
                        32))) {
                    throw new BundleException(at + ": found method " + line.get("method") + ", expected \"rid\"");
                }
                CBORObject rids = BoundedJson.array(line.get("rids"), at + " rids", MAX_ENTRIES_PER_LINE);
                for (int i = 0; i < rids.size(); i++) {
                    entries.add(rid(BoundedJson.text(rids.get(i), at + " rids[" + i + "]", 100), scope,
                            at + " rids[" + i + "]"));
                }
            } else {
                String type = BoundedJson.text(line.get("hashType"), at + " hashType", 32);
                kind = HASH_TYPES.get(type);
                if (kind == null) {
                    throw new BundleException(at + ": found hashType \"" + type + "\", expected UCI, COUNTRYCODEUCI "
                            + "or SIGNATURE");
                }
                scope = BoundedJson.text(line.get("country"), at + " country", 2) + "/"
                        + BoundedJson.text(line.get("kid"), at + " kid", 88);
                CBORObject list = BoundedJson.array(line.get("entries"), at + " entries", MAX_ENTRIES_PER_LINE);
                for (int i = 0; i < list.size(); i++) {
                    String where = at + " entries[" + i + "]";
                    CBORObject entry = BoundedJson.object(list.get(i), where, Set.of("hash"), Set.of());
                    entries.add(new RevocationEntry(kind, scope, BoundedJson.base64(entry.get("hash"), where + " hash",
                            64), null));
                }
            }
            writer.group(kind, scope, entries);
        } catch (IllegalArgumentException e) {
            throw new BundleException(at + ": " + e.getMessage(), e);
        }
    }

    private static RevocationEntry rid(String text, String scope, String at) throws BundleException {
        int dot = text.indexOf('.');
        Instant since = null;
        if (dot >= 0) {
            try {
                since = Instant.ofEpochSecond(Long.parseLong(text.substring(dot + 1)));
            } catch (NumberFormatException | java.time.DateTimeException e) {
                throw new BundleException(at + ": found \"" + text + "\", expected RID or RID.EPOCH_SECONDS", e);
            }
        }
        return new RevocationEntry(Kind.SHC_RID, scope, text.substring(0, dot >= 0 ? dot : text.length())
                .getBytes(StandardCharsets.US_ASCII), since);
    }

    /** Reads one line of at most {@link #MAX_LINE_CHARS}; null at the end. */
    private static String line(BufferedReader in, Path file, int number) throws IOException, BundleException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) != -1 && c != '\n') {
            if (line.length() >= MAX_LINE_CHARS) {
                throw new BundleException(file + ":" + number + ": found a line longer than " + MAX_LINE_CHARS
                        + " characters");
            }
            line.append((char) c);
        }
        return c == -1 && line.length() == 0 ? null : line.toString();
    }
}
