package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.daemon.revocation.RevocationEntry;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationImportTest {
    @TempDir
    Path dir;

    @Test
    void convertsGatewayBatchesAndShcListsLineByLine() throws Exception {
        Path input = Files.writeString(dir.resolve("revocation.jsonl"), String.join("\n",
                "{\"country\":\"AT\",\"expires\":\"2025-01-01T00:00:00Z\",\"kid\":\"n+Vd6ZJdZI4=\","
                        + "\"hashType\":\"COUNTRYCODEUCI\",\"entries\":[{\"hash\":\"AAECAwQFBgcICQoLDA0ODw==\"}]}",
                "",
                "{\"iss\":\"https://spec.smarthealth.cards/examples/issuer\","
                        + "\"kid\":\"3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s\",\"method\":\"rid\",\"ctr\":1,"
                        + "\"rids\":[\"MKu-6Y6vgU\",\"Uu3dSM43mpU.1636731000\"]}",
                ""));

        BundleWriter.Revocation section = RevocationImport.convert(input, dir.resolve("section.bin"));

        assertThat(section.entries()).isEqualTo(3);
        List<String> read = new ArrayList<>();
        try (InputStream in = Files.newInputStream(section.file());
             RevocationSection.Reader reader = new RevocationSection.Reader(in, new Manifest.Section(
                     SectionType.REVOCATION, Instant.EPOCH, Instant.MAX, section.length(), section.sha256(),
                     section.entries()))) {
            while (reader.hasNext()) {
                RevocationEntry entry = reader.next();
                read.add(entry.kind() + " " + entry.scope() + " " + new String(entry.key(), "ISO-8859-1").length()
                        + " " + entry.revokedSince());
            }
        }
        assertThat(read).containsExactly(
                "DCC_COUNTRYCODEUCI AT/n+Vd6ZJdZI4= 16 null",
                "SHC_RID https://spec.smarthealth.cards/examples/issuer#3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s "
                        + "10 null",
                "SHC_RID https://spec.smarthealth.cards/examples/issuer#3Kfdg-XwP-7gXyywtUfUADwBumDOPKMQx-iELL11W9s "
                        + "11 2021-11-12T15:30:00Z");
    }

    @Test
    void namesTheLineOfAnEntryItCannotTake() throws Exception {
        Path input = Files.writeString(dir.resolve("revocation.jsonl"),
                "{\"country\":\"AT\",\"kid\":\"n+Vd6ZJdZI4=\",\"hashType\":\"UCI\",\"entries\":[]}\n"
                        + "{\"country\":\"AT\",\"kid\":\"n+Vd6ZJdZI4=\",\"hashType\":\"UCI\",\"entries\":"
                        + "[{\"hash\":\"AAEC\"}]}\n");
        Path unknownType = Files.writeString(dir.resolve("type.jsonl"),
                "{\"country\":\"AT\",\"kid\":\"n+Vd6ZJdZI4=\",\"hashType\":\"MD5\",\"entries\":[]}\n");

        assertThatThrownBy(() -> RevocationImport.convert(input, dir.resolve("a.bin")))
                .isInstanceOf(BundleException.class)
                .hasMessageStartingWith(input + ":2: DCC_UCI key has 3 bytes, expected 16");
        assertThatThrownBy(() -> RevocationImport.convert(unknownType, dir.resolve("b.bin")))
                .hasMessage(unknownType + ":1: found hashType \"MD5\", expected UCI, COUNTRYCODEUCI or SIGNATURE");
    }
}
