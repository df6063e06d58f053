package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@link SecretMask}: secret values are masked wherever they appear; harmless paths and values stay readable. */
class SecretMaskTest {
    @Test
    void masksCredentialsInUrlsQueriesPairsBearerTokensAndPrivateKeys() {
        String text = String.join("\n",
                "url = \"https://kiosk:pa55word@collector.example:8443/in?device=k1&access_token=AbC.123&x=1\"",
                "Dec 06 passgate[1]: fetching https://bundles.example/b.pgtb?sig=deadbeef failed",
                "client_keystore_password = 'open sesame'",
                "DB_PASSWORD=hunter2 other=visible",
                "Authorization: Bearer eyJhbGciOi.payload.sig",
                "-----BEGIN PRIVATE KEY-----", "MC4CAQAwBQYDK2VwBCIEIJ+secret+material", "-----END PRIVATE KEY-----");

        String masked = SecretMask.mask(text);

        assertThat(masked).contains("https://kiosk:***@collector.example:8443/in?device=k1&access_token=***&x=1",
                        "?sig=*** failed", "client_keystore_password = '***'", "DB_PASSWORD=*** other=visible",
                        "Bearer ***", "-----BEGIN PRIVATE KEY----- *** -----END PRIVATE KEY-----")
                .doesNotContain("pa55word", "AbC.123", "deadbeef", "open sesame", "hunter2", "eyJhbGciOi",
                        "secret+material");
    }

    @Test
    void keepsPathsOfSecretFilesAndOrdinaryValues() {
        String text = String.join("\n", "site_secret_file = \"/var/lib/passgate/site-secret\"",
                "client_keystore_password_file = \"/etc/passgate/ks.pass\"", "data_dir = \"/var/lib/passgate\"",
                "url = \"https://collector.example/in?device=k1\"", "id = \"kiosk-01\"");

        assertThat(SecretMask.mask(text)).isEqualTo(text);
    }
}
