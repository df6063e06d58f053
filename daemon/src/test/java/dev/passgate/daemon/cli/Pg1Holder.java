package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A PG1 issuer and holder made with the command line as an operator and a phone would (issuer init, wallet init,
 * issuer sign, wallet present), and an operator's bundle root keys in {@code DIR/keys}: the set-up the PG1 bundle
 * tests share. The presentation is made for 2022-02-01T08:59:58Z.
 */
record Pg1Holder(String kid, String presentation) {

    static Pg1Holder issueAndPresent(Path dir) throws Exception {
        CliRun issuer = CliRun.main("issuer", "init", "--out", dir.resolve("issuer").toString());
        assertThat(issuer.exitCode()).as(issuer.err()).isZero();
        String kid = issuer.lines().get(0).substring("kid ".length()).strip();
        CliRun.main("wallet", "init", "--out", dir.resolve("wallet").toString());
        Files.writeString(dir.resolve("health.json"), "{\"ver\":\"1.3.0\",\"nam\":{\"fnt\":\"HONG\",\"gnt\":\"GIL\"},"
                + "\"dob\":\"1990-05-17\",\"v\":[{\"tg\":\"840539006\",\"vp\":\"J07BX03\",\"mp\":\"EU/1/20/1528\","
                + "\"ma\":\"ORG-100030215\",\"dn\":2,\"sd\":2,\"dt\":\"2021-12-20\",\"co\":\"KR\"}]}");
        CliRun sign = CliRun.main("issuer", "sign", "--key", dir.resolve("issuer/issuer.key").toString(),
                "--holder-key", dir.resolve("wallet/holder.pub").toString(), "--data",
                dir.resolve("health.json").toString(), "--valid-days", "180", "--from", "2022-01-10T00:00:00Z",
                "--out", dir.resolve("credential.cose").toString());
        assertThat(sign.exitCode()).as(sign.err()).isZero();
        String presentation = CliRun.main("wallet", "present", "--credential",
                dir.resolve("credential.cose").toString(), "--key", dir.resolve("wallet/holder.key").toString(),
                "--at", "2022-02-01T08:59:58Z").out().strip();
        assertThat(CliRun.main("bundle", "keygen", "--out", dir.resolve("keys").toString()).exitCode()).isZero();
        return new Pg1Holder(kid, presentation);
    }
}
