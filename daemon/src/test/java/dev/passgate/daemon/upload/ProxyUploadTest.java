package dev.passgate.daemon.upload;

import static org.assertj.core.api.Assertions.assertThat;

import dev.passgate.config.UploadTlsConfig;
import dev.passgate.daemon.audit.ChainRecord;
import dev.passgate.daemon.collector.CollectorServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code upload.proxy} as the daemon sets it up: an uploader built by {@link Uploaders#create} reaching the reference
 * collector (HTTPS with mutual TLS on loopback) only through a CONNECT proxy on loopback. The JDK client is given the
 * proxy by {@link java.net.ProxySelector#of}, which proxies every http and https URI, loopback ones included, so the
 * collector needs no other name than 127.0.0.1.
 */
class ProxyUploadTest {
    private static final int RECORDS = 120;
    private static final int BATCH = 50;

    @TempDir
    Path dir;

    private TestPki pki;
    private UploadTlsConfig tls;

    @BeforeEach
    void mintCertificates() throws Exception {
        pki = TestPki.mint(dir.resolve("pki"), "Passgate Test Fleet CA");
        TestPki.Issued kiosk = pki.issueClient("gate-proxied");
        tls = new UploadTlsConfig(Optional.of(pki.caPem()), Optional.of(pki.certificatePem(kiosk)),
                Optional.of(pki.keyPem(kiosk)), Optional.empty(), Optional.empty());
    }

    @Test
    void uploadsEveryRecordThroughAConnectTunnelOfTheConfiguredProxy() throws Exception {
        try (UploadRig rig = rig(); ConnectProxy proxy = ConnectProxy.start()) {
            // given records waiting and an uploader configured with the proxy
            rig.scan(RECORDS, UploadRig.START);
            try (Uploader uploader = Uploaders.create(rig.httpsUpload(BATCH, Optional.of(proxy.hostAndPort()), tls),
                    rig.log, rig.dir.resolve("signing.pem"), Clock.systemUTC(), System::nanoTime)) {

                // when it uploads until nothing waits
                List<Uploader.Attempt> attempts = UploadRig.untilIdleOrFailed(uploader);

                // then the batches went through tunnels to the collector, which stored every record
                assertThat(attempts).extracting(Uploader.Attempt::result).doesNotContain(UploadSchedule.Result.FAILED)
                        .endsWith(UploadSchedule.Result.IDLE);
                assertThat(proxy.connects()).isNotEmpty()
                        .allMatch(target -> target.equals("127.0.0.1:" + rig.server.address().getPort()));
                assertThat(rig.log.readRecords(0, 1000)).hasSize(RECORDS).allMatch(ChainRecord::uploaded);
                assertThat(rig.report().records()).isEqualTo(RECORDS);
                assertThat(rig.report().complete()).isTrue();
                System.out.printf("proxy: %d batches in %d CONNECT tunnel(s) to %s%n", rig.server.requests(),
                        proxy.connects().size(), proxy.connects().get(0));
            }
        }
    }

    @Test
    void failsRatherThanGoingAroundAProxyThatRefusesTheTunnel() throws Exception {
        try (UploadRig rig = rig(); ConnectProxy proxy = ConnectProxy.startRefusing()) {
            // given records waiting and a proxy that answers every CONNECT with 403
            rig.scan(RECORDS, UploadRig.START);
            try (Uploader uploader = Uploaders.create(rig.httpsUpload(BATCH, Optional.of(proxy.hostAndPort()), tls),
                    rig.log, rig.dir.resolve("signing.pem"), Clock.systemUTC(), System::nanoTime)) {

                // when the uploader tries
                Uploader.Attempt attempt = uploader.uploadOnce();

                // then it asked the proxy, did not connect directly, and marked nothing
                assertThat(attempt.result()).isEqualTo(UploadSchedule.Result.FAILED);
                assertThat(proxy.connects()).isNotEmpty();
                assertThat(rig.server.requests()).isZero();
                assertThat(rig.store.report()).isEmpty();
                assertThat(rig.log.readRecords(0, 1000)).noneMatch(ChainRecord::uploaded);
                assertThat(uploader.status().lastProblem()).isPresent();
                System.out.println("refused tunnel: " + uploader.status().lastProblem().orElseThrow());
            }
        }
    }

    private UploadRig rig() throws Exception {
        return UploadRig.trustingOnFirstUse(dir, "gate-proxied", Clock.fixed(UploadRig.START, ZoneOffset.UTC), BATCH)
                .startCollector(CollectorServer.NONE, pki.serverContext(pki.issueServer("collector")));
    }
}
