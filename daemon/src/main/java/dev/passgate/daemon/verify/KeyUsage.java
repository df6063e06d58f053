package dev.passgate.daemon.verify;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Set;

/**
 * Whether a document signer certificate may sign a certificate of a given type. The EU DCC extended key
 * usage OIDs restrict a signer to tests, vaccinations or recoveries; a signer whose extended key usage names
 * none of them (or that has no such extension) may sign every type, as the EU verifier apps decide.
 */
public final class KeyUsage {
    private static final List<String> PREFIXES = List.of("1.3.6.1.4.1.1847.2021.1.", "1.3.6.1.4.1.0.1847.2021.1.");
    private static final String TEST = "1";
    private static final String VACCINATION = "2";
    private static final String RECOVERY = "3";

    private KeyUsage() {
    }

    /**
     * True when the certificate may sign every type in {@code types} ("v", "t", "r"). An extension that cannot
     * be parsed counts as restricting nothing, since Java's own certificate parser already accepted it.
     */
    public static boolean allows(X509Certificate certificate, Set<String> types) {
        List<String> usages;
        try {
            usages = certificate.getExtendedKeyUsage();
        } catch (CertificateParsingException e) {
            return true;
        }
        if (usages == null || usages.stream().noneMatch(KeyUsage::isDccUsage)) {
            return true;
        }
        return types.stream().allMatch(type -> usages.stream().anyMatch(oid -> permits(oid, type)));
    }

    private static boolean isDccUsage(String oid) {
        return PREFIXES.stream().anyMatch(prefix -> oid.startsWith(prefix) && oid.length() == prefix.length() + 1);
    }

    private static boolean permits(String oid, String type) {
        String wanted = switch (type) {
            case "t" -> TEST;
            case "v" -> VACCINATION;
            case "r" -> RECOVERY;
            default -> "";
        };
        return PREFIXES.stream().anyMatch(prefix -> oid.equals(prefix + wanted));
    }
}
