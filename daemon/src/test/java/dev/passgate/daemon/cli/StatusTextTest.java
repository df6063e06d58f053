package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import org.junit.jupiter.api.Test;

/**
 * {@link StatusText}: the human {@code passgate status} of a degraded kiosk with every field the daemon reports
 * (managed trust with its fetcher, upload, the door, clock floor, a rejected reload), compared line by line with the
 * text a technician reads: state and problems first, aligned labels, units on every figure, maps sorted by name, and a
 * field from a later version at the end as JSON.
 */
class StatusTextTest {
    private static final String STATUS = """
            {"state":"degraded","version":"1.4.0","uptimeSeconds":93784,"configSource":"/etc/passgate/passgate.toml",
             "deviceId":"kiosk-lobby-1",
             "clock":{"trusted":false,"reason":"no time synchronisation yet","floor":"2026-12-01T08:00:00Z"},
             "trust":{"entries":3,"managed":true,"state":"WARN","version":42,"issuedAt":"2026-12-04T06:00:00Z",
                      "ageSeconds":190800,"effect":"ADMIT","reason":"bundle is 2 days old",
                      "fetch":{"url":"https://trust.example.org/bundle.pgtb","lastAttempt":"2026-12-06T11:00:00Z",
                               "lastSuccess":"2026-12-04T06:05:00Z","consecutiveFailures":4,
                               "lastError":"HTTP 503"}},
             "entryLog":{"file":"/var/lib/passgate/entries.db","lastSequence":1234,"unlogged":0,"pendingUpload":17},
             "upload":{"transport":"http","lastSuccess":"2026-12-06T10:58:00Z","pending":17,"failures":2,
                       "uploaded":1217,"lastProblem":"collector answered 503"},
             "door":{"state":"open","alarm":"held_open","contact":"READY","passed":1090,"notPassed":10,"forced":1,
                     "heldOpen":2,"exits":57,"unlogged":0},
             "readers":{"serial:/dev/ttyACM0":"CONNECTED","ffmpeg:/dev/video0":"DISCONNECTED: no frames"},
             "verdicts":{"VALID":1100,"EXPIRED":3,"INVALID_SIGNATURE":0,"ALLOWED":5},
             "latency":{"decisions":1108,"p50Millis":41.25,"p99Millis":180.5},
             "problems":["clock untrusted (no time synchronisation yet): enable time synchronisation",
                         "trust bundle fetch from https://trust.example.org/bundle.pgtb failed 4 times in a row"],
             "reload":{"result":"rejected","source":"/etc/passgate/passgate.toml","at":"2026-12-06T09:00:00Z",
                       "errors":["/etc/passgate/passgate.toml:12: unknown key 'scan.serial.bauds'"],
                       "restartRequired":["scan.serial.port"]},
             "zLater":{"a":2}}
            """;

    @Test
    void rendersEveryFieldAlignedSortedAndWithUnits() {
        String text = StatusText.format(CBORObject.FromJSONString(STATUS.replace("\n", "")));

        assertThat(text).isEqualTo("""
                state         degraded
                problems      1. clock untrusted (no time synchronisation yet): enable time synchronisation
                              2. trust bundle fetch from https://trust.example.org/bundle.pgtb failed 4 times in a row
                device        kiosk-lobby-1 (passgate 1.4.0)
                uptime        1 d 02 h
                config        /etc/passgate/passgate.toml
                clock         UNTRUSTED: no time synchronisation yet, floor 2026-12-01T08:00:00Z
                trust         3 trusted key(s), bundle version 42 WARN, issued 2026-12-04T06:00:00Z, age 2 d 05 h, \
                effect admit (bundle is 2 days old)
                fetch         https://trust.example.org/bundle.pgtb, last attempt 2026-12-06T11:00:00Z, last success \
                2026-12-04T06:05:00Z, 4 failure(s) in a row; last error: HTTP 503
                entry log     last record #1234, 0 decision(s) unlogged, 17 record(s) not uploaded \
                (/var/lib/passgate/entries.db)
                readers       ffmpeg:/dev/video0   DISCONNECTED: no frames
                              serial:/dev/ttyACM0  CONNECTED
                verdicts      ALLOWED  5
                              EXPIRED  3
                              VALID    1100
                latency       p50 41.3 ms, p99 180.5 ms (scan to decision, last 1108 decision(s))
                upload        http, 1217 record(s) uploaded, 17 pending, 2 failure(s), last success \
                2026-12-06T10:58:00Z; last problem: collector answered 503
                door          open, ALARM held open, contact READY; since start 1090 passed, 10 not passed, 1 forced, \
                2 held open, 57 exit(s)
                reload        rejected at 2026-12-06T09:00:00Z
                              /etc/passgate/passgate.toml:12: unknown key 'scan.serial.bauds'
                              restart required for: scan.serial.port
                zLater        {"a":2}""".replace("\n", System.lineSeparator()));
    }

    @Test
    void aHealthyKioskWithoutOptionalPartsSaysNoneAndNever() {
        String text = StatusText.format(CBORObject.FromJSONString("{\"state\":\"running\",\"version\":\"1.4.0\","
                + "\"uptimeSeconds\":59,\"configSource\":\"/etc/passgate/passgate.toml\",\"deviceId\":\"k\","
                + "\"clock\":{\"trusted\":true,\"floor\":\"2026-12-01T08:00:00Z\"},"
                + "\"trust\":{\"entries\":1,\"managed\":false},"
                + "\"entryLog\":{\"file\":\"e.db\",\"lastSequence\":0,\"unlogged\":0,\"pendingUpload\":-1},"
                + "\"readers\":{},\"verdicts\":{\"VALID\":0},"
                + "\"latency\":{\"decisions\":0,\"p50Millis\":0.0,\"p99Millis\":0.0},\"problems\":[],"
                + "\"reload\":{\"result\":\"none\",\"source\":\"x\",\"errors\":[],\"restartRequired\":[]}}"));

        assertThat(text.lines()).containsExactly(
                "state         running",
                "problems      none",
                "device        k (passgate 1.4.0)",
                "uptime        59 s",
                "config        /etc/passgate/passgate.toml",
                "clock         trusted, floor 2026-12-01T08:00:00Z",
                "trust         1 trusted key(s)",
                "entry log     last record #0, 0 decision(s) unlogged, upload off (e.db)",
                "readers       none",
                "verdicts      none",
                "latency       no decisions yet",
                "reload        none since start");
    }
}
