package dev.passgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code entry_log.encryption.authority_key_file}: absent by default, resolved like every path, strictly typed. */
class AuthorityKeyConfigTest {

    @TempDir
    Path dir;

    private Path file;

    @Test
    void sealsToNoAuthorityByDefault() throws IOException {
        PassgateConfig config = loaded("[device]\nid = \"k\"\n");

        assertThat(config.entryLog().encryption().authorityKeyFile()).isEmpty();
    }

    @Test
    void resolvesTheAuthorityKeyFileAgainstTheConfigFolder() throws IOException {
        PassgateConfig config = loaded("[entry_log.encryption]\nauthority_key_file = \"keys/authority.pub\"\n");

        assertThat(config.entryLog().encryption()).isEqualTo(new EncryptionConfig(false,
                config.entryLog().encryption().keyFile(), Optional.of(dir.resolve("keys/authority.pub"))));
    }

    @Test
    void takesAnEmptyStringAsUnsetLikeTheExample() throws IOException {
        PassgateConfig config = loaded("[entry_log.encryption]\nauthority_key_file = \"\"\n");

        assertThat(config.entryLog().encryption().authorityKeyFile()).isEmpty();
    }

    @Test
    void reportsAWrongTypeAndAnUnknownKeyWithFileAndLine() throws IOException {
        List<String> errors = errorsOf("""
                [entry_log.encryption]
                authority_key_file = 7
                authority_key = "x.pub"
                """);

        assertThat(errors).hasSize(2);
        assertThat(errors.get(0)).isEqualTo(file + ":2: entry_log.encryption.authority_key_file: found integer 7,"
                + " expected \"\" or a path string");
        assertThat(errors.get(1)).startsWith(file + ":3: entry_log.encryption.authority_key");
    }

    private PassgateConfig loaded(String toml) throws IOException {
        file = Files.writeString(dir.resolve("passgate.toml"), toml);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }

    private List<String> errorsOf(String toml) throws IOException {
        file = Files.writeString(dir.resolve("passgate.toml"), toml);
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).isInstanceOf(ConfigResult.Invalid.class);
        return ((ConfigResult.Invalid) result).errors().stream().map(ConfigError::toString).toList();
    }
}
