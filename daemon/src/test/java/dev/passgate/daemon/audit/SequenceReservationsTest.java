package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SequenceReservationsTest {
    @TempDir
    Path dir;

    @Test
    void raisesAReservationABlockAtATimeAndKeepsOtherDevices() throws Exception {
        Path file = dir.resolve("entries.db.seq");
        Files.writeString(file, SequenceReservations.HEADER + "\ngate-2 5000\n");
        SequenceReservations reservations = new SequenceReservations(file);

        reservations.ensure("gate-1", 1);
        reservations.ensure("gate-1", 1024);
        String afterOneBlock = Files.readString(file);
        reservations.ensure("gate-1", 1025);

        assertThat(afterOneBlock).isEqualTo(SequenceReservations.HEADER + "\ngate-2 5000\ngate-1 1024\n");
        assertThat(Files.readString(file)).isEqualTo(SequenceReservations.HEADER + "\ngate-2 5000\ngate-1 2048\n");
        assertThat(new SequenceReservations(file).reserved("gate-2")).isEqualTo(5000);
    }

    @Test
    void treatsAGarbledFileAsEmptyAndSkipsBadLines() throws Exception {
        Path garbled = Files.writeString(dir.resolve("a.seq"), "not a reservation file\ngate-1 99\n");
        Path badLine = Files.writeString(dir.resolve("b.seq"), SequenceReservations.HEADER
                + "\ngate-1 -5\ngate 2 7\ngate-3 12\n");

        assertThat(new SequenceReservations(garbled).reserved("gate-1")).isZero();
        assertThat(new SequenceReservations(badLine).reserved("gate-1")).isZero();
        assertThat(new SequenceReservations(badLine).reserved("gate-3")).isEqualTo(12);
    }
}
