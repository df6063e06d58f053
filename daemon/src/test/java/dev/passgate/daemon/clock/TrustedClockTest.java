package dev.passgate.daemon.clock;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrustedClockTest {
    private static final Instant NOW = Instant.parse("2022-01-20T03:30:00Z");
    private static final Duration MAX_JUMP = Duration.ofSeconds(2);

    @TempDir
    Path dir;

    private final SettableClock wall = new SettableClock(NOW);
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final AtomicLong syncMark = new AtomicLong(1);
    private final SyncSignal synchronised = () -> OptionalLong.of(syncMark.get());

    private TrustedClock clock(SyncSignal sync) {
        return new TrustedClock(wall, nanos::get, TimeFloor.load(dir.resolve("time-floor"), List.of()), sync,
                MAX_JUMP);
    }

    private void elapse(Duration duration) {
        wall.advance(duration);
        nanos.addAndGet(duration.toNanos());
    }

    @Test
    void aPlausibleClockWithoutSyncOrSignedTimeNearbyIsNotTrustedForPurging() {
        AtomicReference<Optional<Instant>> issued = new AtomicReference<>(Optional.empty());
        TrustedClock clock = new TrustedClock(wall, nanos::get, TimeFloor.load(dir.resolve("time-floor"),
                List.of()), SyncSignal.NONE, MAX_JUMP, issued::get);

        TrustedClock.Reading noSignedTime = clock.readForPurge();
        issued.set(Optional.of(NOW.minus(Duration.ofDays(30))));
        TrustedClock.Reading farFromSignedTime = clock.readForPurge();
        issued.set(Optional.of(NOW.minus(Duration.ofHours(3))));
        TrustedClock.Reading nearSignedTime = clock.readForPurge();

        assertThat(clock.read().trusted()).as("good enough for a scan").isTrue();
        assertThat(noSignedTime.trusted()).isFalse();
        assertThat(noSignedTime.reason()).contains("no signed time");
        assertThat(farFromSignedTime.trusted()).isFalse();
        assertThat(farFromSignedTime.reason()).contains("after the trust data's issue time");
        assertThat(nearSignedTime.trusted()).isTrue();
        assertThat(clock(synchronised).readForPurge().trusted()).as("a synchronised clock").isTrue();
    }

    @Test
    void aFloorTakenFromTheKiosksOwnClockIsHeldNearTheNewestSignedTime() {
        Instant signed = NOW.minus(Duration.ofDays(2));
        Instant farAhead = NOW.plus(Duration.ofDays(400));

        TimeFloor unbounded = TimeFloor.load(dir.resolve("time-floor"), List.of(farAhead));
        TimeFloor bounded = TimeFloor.load(dir.resolve("time-floor"), List.of(farAhead), List.of(signed));
        TimeFloor within = TimeFloor.load(dir.resolve("time-floor"), List.of(signed.plus(Duration.ofHours(1))),
                List.of(signed));

        assertThat(unbounded.value()).as("no signed time known: taken as it is").isEqualTo(farAhead);
        assertThat(bounded.value()).isEqualTo(signed.plus(TimeFloor.SIGNED_MARGIN));
        assertThat(within.value()).isEqualTo(signed.plus(Duration.ofHours(1)));
    }

    @Test
    void withoutAnySignedTimeAFloorFromTheKiosksOwnClockIsHeldADayPastTheClockAtStart() {
        Instant farAhead = NOW.plus(Duration.ofDays(400));
        Instant dayBehind = NOW.minus(Duration.ofDays(1));

        TimeFloor far = TimeFloor.load(dir.resolve("time-floor"), List.of(farAhead), List.of(), NOW);
        TimeFloor setBack = TimeFloor.load(dir.resolve("time-floor"), List.of(NOW), List.of(), dayBehind);
        TimeFloor signedStillBounds = TimeFloor.load(dir.resolve("time-floor"), List.of(farAhead),
                List.of(NOW.minus(Duration.ofDays(2))), NOW.plus(Duration.ofDays(300)));

        assertThat(far.value()).as("a log written 400 days ahead").isEqualTo(NOW.plus(TimeFloor.SIGNED_MARGIN));
        assertThat(setBack.value()).as("a clock set back a day is still caught").isEqualTo(NOW);
        assertThat(signedStillBounds.value()).as("a signed time bounds, not the clock")
                .isEqualTo(NOW.minus(Duration.ofDays(2)).plus(TimeFloor.SIGNED_MARGIN));
    }

    @Test
    void aTechnicianResetLowersAFloorAndItIsReadBack() throws Exception {
        Path file = dir.resolve("time-floor");
        TimeFloor.reset(file, NOW.plus(Duration.ofDays(400)));
        TimeFloor.reset(file, NOW);

        assertThat(TimeFloor.read(file)).isEqualTo(NOW);
        assertThat(TimeFloor.load(file, List.of(NOW.plus(Duration.ofDays(400)))).value())
                .as("the reset floor bounds the kiosk's own later times").isEqualTo(NOW.plus(TimeFloor.SIGNED_MARGIN));
    }

    @Test
    void clockBelowTheIssueTimeOfNewlyInstalledTrustDataIsUntrustedAndTheFloorPersists() {
        AtomicReference<Optional<Instant>> issued = new AtomicReference<>(Optional.empty());
        TrustedClock clock = new TrustedClock(wall, nanos::get, TimeFloor.load(dir.resolve("time-floor"),
                List.of()), SyncSignal.NONE, MAX_JUMP, issued::get);
        assertThat(clock.read().trusted()).isTrue();

        issued.set(Optional.of(NOW.plus(Duration.ofHours(2))));
        elapse(Duration.ofSeconds(1));
        TrustedClock.Reading reading = clock.read();

        assertThat(reading.trusted()).isFalse();
        assertThat(reading.reason()).contains("before the time floor");
        assertThat(TimeFloor.load(dir.resolve("time-floor"), List.of()).value())
                .isEqualTo(NOW.plus(Duration.ofHours(2)));
        elapse(Duration.ofHours(3));
        assertThat(clock.read().trusted()).isTrue();
    }

    @Test
    void trustDataIssuedInThePastLeavesTheClockTrusted() {
        TrustedClock clock = new TrustedClock(wall, nanos::get, TimeFloor.load(dir.resolve("time-floor"),
                List.of()), SyncSignal.NONE, MAX_JUMP, () -> Optional.of(NOW.minus(Duration.ofDays(1))));

        assertThat(clock.read().trusted()).isTrue();
    }

    @Test
    void staysTrustedWhileWallAndMonotonicClocksAgree() {
        TrustedClock clock = clock(synchronised);

        assertThat(clock.read().trusted()).isTrue();
        elapse(Duration.ofMinutes(5));
        wall.advance(Duration.ofMillis(300));

        assertThat(clock.read().trusted()).isTrue();
    }

    @Test
    void toleratesSlewOverALongIdleNightButNotAJump() {
        TrustedClock clock = clock(SyncSignal.NONE);
        clock.read();
        elapse(Duration.ofHours(10));
        wall.advance(Duration.ofSeconds(5));
        assertThat(clock.read().trusted()).isTrue();

        elapse(Duration.ofHours(10));
        wall.advance(Duration.ofHours(1));

        assertThat(clock.read().trusted()).isFalse();
    }

    @Test
    void jumpsTo1970MinusOneHourPlusOneHourAndPlusOneYearAreUntrusted() {
        for (Instant jumped : List.of(Instant.EPOCH, NOW.minus(Duration.ofHours(1)), NOW.plus(Duration.ofHours(1)),
                NOW.plus(Duration.ofDays(365)))) {
            wall.set(NOW);
            TrustedClock clock = clock(SyncSignal.NONE);
            assertThat(clock.read().trusted()).isTrue();
            nanos.addAndGet(Duration.ofSeconds(10).toNanos());
            wall.set(jumped);

            TrustedClock.Reading reading = clock.read();

            assertThat(reading.trusted()).as("jump to %s", jumped).isFalse();
            assertThat(reading.at()).isEqualTo(jumped);
            assertThat(reading.reason()).contains("jumped");
        }
    }

    @Test
    void becomesTrustedAgainWhenTheClockIsSetBack() {
        TrustedClock clock = clock(SyncSignal.NONE);
        clock.read();
        wall.advance(Duration.ofHours(-1));
        assertThat(clock.read().trusted()).isFalse();
        elapse(Duration.ofSeconds(30));
        assertThat(clock.read().trusted()).isFalse();

        wall.advance(Duration.ofHours(1));

        assertThat(clock.read().trusted()).isTrue();
    }

    @Test
    void forgivesAJumpOnceTheSystemSynchronisesAgain() {
        TrustedClock clock = clock(synchronised);
        clock.read();
        wall.advance(Duration.ofHours(1));
        assertThat(clock.read().trusted()).isFalse();
        elapse(Duration.ofSeconds(5));
        assertThat(clock.read().trusted()).isFalse();

        syncMark.incrementAndGet();

        assertThat(clock.read().trusted()).isTrue();
        elapse(Duration.ofSeconds(5));
        assertThat(clock.read().trusted()).isTrue();
    }

    @Test
    void acceptsTheJumpOfTheFirstSynchronisationAfterBoot() {
        AtomicLong mark = new AtomicLong(-1);
        TrustedClock clock = clock(() -> mark.get() < 0 ? OptionalLong.empty() : OptionalLong.of(mark.get()));
        clock.read();
        wall.advance(Duration.ofHours(7));
        mark.set(42);

        assertThat(clock.read().trusted()).isTrue();
    }

    @Test
    void clockBelowThePersistedFloorIsUntrustedAfterARestart() throws Exception {
        TrustedClock first = clock(synchronised);
        assertThat(first.read().trusted()).isTrue();
        assertThat(Files.readString(dir.resolve("time-floor"))).contains(String.valueOf(NOW.toEpochMilli()));

        wall.set(Instant.EPOCH.plus(Duration.ofDays(1)));
        TrustedClock afterReboot = clock(SyncSignal.NONE);
        TrustedClock.Reading reading = afterReboot.read();

        assertThat(reading.trusted()).isFalse();
        assertThat(reading.reason()).contains("time floor");
    }

    @Test
    void floorAlsoComesFromTheEntryLogAndAnUnreadableFileIsNoFloor() throws Exception {
        Files.writeString(dir.resolve("time-floor"), "garbage\n");
        TimeFloor floor = TimeFloor.load(dir.resolve("time-floor"), List.of(NOW.plusSeconds(60)));

        TrustedClock clock = new TrustedClock(wall, nanos::get, floor, SyncSignal.NONE, MAX_JUMP);

        assertThat(floor.value()).isEqualTo(NOW.plusSeconds(60));
        assertThat(clock.read().trusted()).isFalse();
    }

    @Test
    void readsAVersion1TimeFloorGoldenFile() throws Exception {
        Path copy = dir.resolve("time-floor");
        try (var in = TrustedClockTest.class.getClassLoader().getResourceAsStream("clock/time-floor-v1")) {
            Files.copy(in, copy);
        }

        assertThat(TimeFloor.load(copy, List.of()).value()).isEqualTo(NOW);
    }
}
