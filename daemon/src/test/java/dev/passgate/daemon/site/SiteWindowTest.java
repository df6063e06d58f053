package dev.passgate.daemon.site;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** What a kiosk remembers of its peers' admissions, and for how long. */
class SiteWindowTest {
    private static final Instant TEN = Instant.parse("2026-12-06T10:00:00Z");
    private static final Duration HOUR = Duration.ofMinutes(60);

    private final SiteWindow window = new SiteWindow(Duration.ofMinutes(7), Duration.ofMinutes(1440));

    @Test
    void aHolderAdmittedAgainAtAPeerIsInTheWindowFromTheLatestAdmission() {
        // given a holder admitted at door a at 10:00 and again at 12:00
        window.remember(new SiteAdmission("door-a", TEN, "aa", null), TEN);
        Instant noon = TEN.plus(Duration.ofHours(2));
        assertThat(window.remember(new SiteAdmission("door-a", noon, "aa", null), noon)).isTrue();

        // when door b asks at 12:30 with a 60-minute anti-passback window
        // then the noon admission counts
        assertThat(window.admitted("aa", noon.plus(Duration.ofMinutes(30)), HOUR)).get()
                .extracting(SiteAdmission::at).isEqualTo(noon);
        assertThat(window.size()).isEqualTo(1);
    }

    @Test
    void anOlderAdmissionArrivingLateDoesNotMoveTheHoldersLatest() {
        Instant noon = TEN.plus(Duration.ofHours(2));
        window.remember(new SiteAdmission("door-a", noon, "aa", null), noon);

        assertThat(window.remember(new SiteAdmission("door-c", TEN, "aa", null), noon)).isFalse();

        assertThat(window.admitted("aa", noon, HOUR)).get().extracting(SiteAdmission::kiosk).isEqualTo("door-a");
    }

    @Test
    void aPresentationKeepsItsFirstAdmission() {
        window.remember(new SiteAdmission("door-a", TEN, null, "d1"), TEN);
        window.remember(new SiteAdmission("door-c", TEN.plusSeconds(5), null, "d1"), TEN.plusSeconds(5));

        assertThat(window.replayed("d1", TEN.plusSeconds(10))).get().extracting(SiteAdmission::kiosk)
                .isEqualTo("door-a");
    }
}
