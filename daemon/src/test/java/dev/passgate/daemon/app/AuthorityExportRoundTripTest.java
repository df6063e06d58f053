package dev.passgate.daemon.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.config.ConfigLoader;
import dev.passgate.config.ConfigResult;
import dev.passgate.config.PassgateConfig;
import dev.passgate.daemon.audit.DeviceKey;
import dev.passgate.daemon.audit.EntryLogException;
import dev.passgate.daemon.cli.CliRun;
import dev.passgate.daemon.collector.CollectorServer;
import dev.passgate.daemon.collector.CollectorStore;
import dev.passgate.daemon.demo.DemoPasses;
import dev.passgate.daemon.upload.UploadSchedule;
import dev.passgate.daemon.upload.Uploader;
import dev.passgate.hal.ScannedCode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The authority's read path end to end: a kiosk seals its scans to the authority's public key only, its uploader
 * sends them over HTTP on loopback (through a relay that keeps every byte) to the reference collector, and
 * {@code passgate collector export} with the authority's private key gives back exactly the decisions made, with a
 * verified chain. Without the key nothing personal is readable in the kiosk's files, the collector's file or the
 * wire; the kiosk itself cannot read its own entries; every export is in the append-only audit.
 */
class AuthorityExportRoundTripTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final DemoPasses PASSES = DemoPasses.mint(NOW);
    private static final String DEVICE = "kiosk-auth";

    @TempDir
    Path dir;

    @Test
    void exportWithTheAuthorityKeyGivesBackExactlyTheDecisionsAndNothingPersonalIsReadableWithoutIt()
            throws Exception {
        // given the authority's key pair, made by the command
        Path keys = dir.resolve("authority");
        CliRun keygen = CliRun.main("collector", "authority-keygen", "--out", keys.toString());
        assertThat(keygen.exitCode()).as(keygen.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keys.resolve("authority.key"))))
                .isEqualTo("rw-------");

        // and a kiosk sealing to its public key only, that decided eight scans and uploaded them through a tap
        List<Decision> decisions = new CopyOnWriteArrayList<>();
        Path collectorDb = dir.resolve("collector.db");
        byte[] wire = scanAndUpload(keys.resolve("authority.pub"), collectorDb, decisions);
        assertThat(decisions).hasSize(8).allMatch(Decision::logged);

        // when the authority exports the hour with its private key
        CliRun export = CliRun.main("collector", "export", "--db", collectorDb.toString(), "--device", DEVICE,
                "--from", NOW.minus(Duration.ofHours(1)).toString(), "--to", NOW.plus(Duration.ofHours(1)).toString(),
                "--key", keys.resolve("authority.key").toString(), "--format", "jsonl", "--by", "Dr. Investigator");

        // then it gives back exactly the decisions made, each verified by the chain
        assertThat(export.exitCode()).as(export.err()).isZero();
        List<CBORObject> rows = export.lines().stream().map(CBORObject::FromJSONString).toList();
        assertSameDecisions(rows, decisions);

        // and nothing personal is readable anywhere without the key
        Set<String> personal = personalValues(rows);
        assertThat(new String(wire, StandardCharsets.ISO_8859_1)).as("the tap saw the upload")
                .contains("\"device\":\"" + DEVICE + "\"").contains("\"body_format\":2");
        assertNoneReadable(personal, "the wire", wire);
        try (Stream<Path> files = Files.walk(dir.resolve("data"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertNoneReadable(personal, file.toString(), Files.readAllBytes(file));
            }
        }
        for (Path file : List.of(collectorDb, Path.of(collectorDb + "-wal"))) {
            if (Files.exists(file)) {
                assertNoneReadable(personal, file.toString(), Files.readAllBytes(file));
            }
        }
        CliRun blind = CliRun.main("collector", "export", "--db", collectorDb.toString(), "--device", DEVICE,
                "--from", NOW.minus(Duration.ofHours(1)).toString(), "--to", NOW.plus(Duration.ofHours(1)).toString(),
                "--format", "csv");
        assertThat(blind.exitCode()).as(blind.err()).isZero();
        assertThat(blind.lines()).hasSize(9);
        assertNoneReadable(personal, "an export without the key", blind.out().getBytes(StandardCharsets.UTF_8));

        // and both exports are in the append-only audit
        assertAudited(collectorDb);
    }

    private byte[] scanAndUpload(Path authorityPub, Path collectorDb, List<Decision> decisions) throws Exception {
        WireTap tap;
        try (CollectorStore store = CollectorStore.open(collectorDb, Clock.systemUTC());
             CollectorServer server = CollectorServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(),
                     0), store, CollectorServer.NONE)) {
            tap = new WireTap(server.address());
            try (Kiosk kiosk = Kiosk.assemble(config(tap.port(), authorityPub), environment(decisions))) {
                // the operator registers the kiosk's checkpoint key at the collector beforehand
                store.enroll(DEVICE, DeviceKey.readPublicKey(dir.resolve("data/entry-log-signing.pem")).getEncoded());
                for (int round = 0; round < 2; round++) {
                    for (DemoPasses.Sample sample : PASSES.samples()) {
                        kiosk.gate().handle(new ScannedCode("test", sample.text(), false, 0));
                    }
                }
                Uploader uploader = kiosk.uploader().orElseThrow();
                assertThat(uploader.uploadOnce().result()).isEqualTo(UploadSchedule.Result.IDLE);
                assertThat(uploader.status().failures()).isZero();
                // the kiosk itself cannot read what it logged
                assertThatThrownBy(() -> kiosk.entryLog().readAll(0, 100)).isInstanceOf(EntryLogException.class)
                        .hasMessageContaining("sealed to the authority key only");
            }
            tap.close();
        }
        return tap.inflated();
    }

    private static void assertSameDecisions(List<CBORObject> rows, List<Decision> decisions) {
        assertThat(rows).hasSize(decisions.size());
        for (int i = 0; i < decisions.size(); i++) {
            Decision decision = decisions.get(i);
            CBORObject row = rows.get(i);
            assertThat(row.get("device").AsString()).isEqualTo(DEVICE);
            assertThat(row.get("seq").AsInt64Value()).isEqualTo(decision.sequence());
            assertThat(row.get("kind").AsString()).isEqualTo("ENTRY");
            assertThat(row.get("chain").AsString()).isEqualTo("verified");
            assertThat(row.get("sealing").AsString()).isEqualTo("authority");
            assertThat(row.get("time").AsString()).isEqualTo(NOW.toString());
            assertThat(row.get("verdict").AsString()).isEqualTo(decision.outcome().verdict().name());
            assertThat(row.get("format").AsString()).isEqualTo(decision.outcome().format().name());
            assertThat(text(row, "holder_identity")).isEqualTo(decision.outcome().holderIdentity().orElse(null));
            assertThat(text(row, "issuer")).isEqualTo(decision.outcome().issuerKeyId());
            assertThat(text(row, "cert_type")).isEqualTo(decision.outcome().certificateType());
        }
        assertThat(rows).extracting(row -> row.get("verdict").AsString()).contains("VALID", "EXPIRED",
                "INVALID_SIGNATURE", "UNKNOWN_ISSUER");
    }

    private static Set<String> personalValues(List<CBORObject> rows) {
        Set<String> personal = new LinkedHashSet<>();
        for (CBORObject row : rows) {
            for (String column : List.of("holder_identity", "holder")) {
                if (text(row, column) != null) {
                    personal.add(text(row, column));
                }
            }
        }
        personal.addAll(List.of("GILDONG", "MINJI", "1990-05-17", "1985-11-02"));
        assertThat(personal).as("the export must carry identities for this check to mean anything")
                .anyMatch(value -> value.contains("GILDONG<<") || value.contains("<<GILDONG"));
        return personal;
    }

    private static void assertAudited(Path collectorDb) throws SQLException {
        CliRun log = CliRun.main("collector", "export-log", "--db", collectorDb.toString());
        assertThat(log.exitCode()).as(log.err()).isZero();
        assertThat(log.lines()).hasSize(2);
        CBORObject first = CBORObject.FromJSONString(log.lines().get(0));
        assertThat(first.get("by").AsString()).isEqualTo("Dr. Investigator");
        assertThat(first.get("os_user").AsString()).isEqualTo(System.getProperty("user.name"));
        assertThat(first.get("outcome").AsString()).isEqualTo("exported");
        assertThat(first.get("rows").AsInt64Value()).isEqualTo(8);
        assertThat(first.get("target").AsString()).isEqualTo(DEVICE);
        assertThat(first.get("from").AsString()).isEqualTo(NOW.minus(Duration.ofHours(1)).toString());
        assertThat(first.get("key_id").AsString()).hasSize(16);
        assertThat(CBORObject.FromJSONString(log.lines().get(1)).get("key_id").AsString()).isEmpty();
        try (Connection sql = DriverManager.getConnection("jdbc:sqlite:" + collectorDb);
             Statement statement = sql.createStatement()) {
            assertThatThrownBy(() -> statement.executeUpdate("UPDATE export_audit SET by = 'nobody'"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
            assertThatThrownBy(() -> statement.executeUpdate("DELETE FROM export_audit"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        }
    }

    private static String text(CBORObject row, String key) {
        CBORObject value = row.get(key);
        return value == null || value.isNull() ? null : value.AsString();
    }

    static void assertNoneReadable(Set<String> personal, String where, byte[] bytes) {
        String latin = new String(bytes, StandardCharsets.ISO_8859_1);
        List<String> found = new ArrayList<>();
        for (String value : personal) {
            if (latin.contains(value)) {
                found.add(value);
            }
        }
        assertThat(found).as("personal values readable in " + where).isEmpty();
    }

    private Environment environment(List<Decision> decisions) {
        return new Environment(Clock.fixed(NOW, ZoneOffset.UTC), System::nanoTime,
                new ByteArrayInputStream(new byte[0]), new PrintStream(new ByteArrayOutputStream()),
                PASSES.trust(), decisions::add);
    }

    private PassgateConfig config(int port, Path authorityKey) throws Exception {
        byte[] der = PASSES.issuerCertificate().getEncoded();
        Files.writeString(dir.resolve("issuer.txt"), Base64.getEncoder().encodeToString(der));
        Path file = Files.writeString(dir.resolve("passgate.toml"), "[device]\nid = \"" + DEVICE + "\"\n"
                + "data_dir = \"data\"\n[verify]\ntrust = [\"issuer.txt\"]\n"
                + "[entry_log]\ncheckpoint_every_records = 4\n"
                + "[entry_log.encryption]\nauthority_key_file = \"" + authorityKey + "\"\n"
                + "[entry_log.fields]\nholder = \"full\"\ncertificate_type = \"full\"\n"
                + "[upload]\nenabled = true\nurl = \"http://127.0.0.1:" + port + "/v1/batches\"\n");
        ConfigResult result = ConfigLoader.load(file);
        assertThat(result).as(result.toString()).isInstanceOf(ConfigResult.Loaded.class);
        return ((ConfigResult.Loaded) result).config();
    }
}
