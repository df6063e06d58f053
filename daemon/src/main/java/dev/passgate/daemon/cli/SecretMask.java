package dev.passgate.daemon.cli;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Masks secret values in text a technician sends to support ({@code passgate diag}): the configuration, the status
 * and the journal. What is masked is the value, wherever it appears: the password of a URL
 * ({@code https://user:PASSWORD@host}), URL query parameters that carry credentials ({@code ?token=...},
 * {@code key}, {@code secret}, {@code password}, {@code sig}, {@code auth}, ...), the value of a TOML key or a
 * {@code name=value} / {@code name: value} pair whose name says secret, password, passphrase, token or private key,
 * bearer tokens and PEM private keys. A key naming a file that holds a secret ({@code site_secret_file}) keeps its
 * path, which tells support where to look and reveals nothing. Not guaranteed: a secret with no such marker (a bare
 * random string in a comment) is not recognised.
 */
final class SecretMask {
    static final String MASK = "***";
    private static final Pattern URL_PASSWORD = Pattern.compile(
            "(?i)\\b([a-z][a-z0-9+.-]*://[^/\\s:@\"']*:)[^@\\s/\"']+@");
    private static final Pattern QUERY_SECRET = Pattern.compile(
            "(?i)([?&;](?:[a-z0-9_.-]*(?:token|secret|password|passwd|pwd|key|sig|signature|auth|credential)"
                    + "[a-z0-9_.-]*)=)[^&#\\s\"']+");
    private static final Pattern NAMED_SECRET = Pattern.compile(
            "(?im)(\\b[a-z0-9_.-]*(?:secret|password|passwd|passphrase|token|private_?key|api_?key)"
                    + "(?!\\w*_(?:file|path|dir)\\b)[a-z0-9_.-]*\\s*[=:]\\s*)(\"[^\"\\n]*\"|'[^'\\n]*'|[^\\s,;\"'&]+)");
    private static final Pattern BEARER = Pattern.compile("(?i)\\b(bearer\\s+)[A-Za-z0-9._~+/=-]+");
    private static final Pattern PEM_PRIVATE = Pattern.compile(
            "(?s)-----BEGIN ([A-Z ]*PRIVATE KEY)-----.*?-----END \\1-----");

    private SecretMask() {
    }

    static String mask(String text) {
        String masked = PEM_PRIVATE.matcher(text).replaceAll("-----BEGIN $1----- " + MASK + " -----END $1-----");
        masked = URL_PASSWORD.matcher(masked).replaceAll("$1" + MASK + "@");
        masked = QUERY_SECRET.matcher(masked).replaceAll("$1" + MASK);
        masked = BEARER.matcher(masked).replaceAll("$1" + MASK);
        return NAMED_SECRET.matcher(masked).replaceAll(match -> {
            String value = match.group(2);
            String quote = value.startsWith("\"") ? "\"" : value.startsWith("'") ? "'" : "";
            return Matcher.quoteReplacement(match.group(1) + quote + MASK + quote);
        });
    }
}
