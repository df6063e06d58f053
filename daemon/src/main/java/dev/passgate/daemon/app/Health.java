package dev.passgate.daemon.app;

import dev.passgate.daemon.trust.TrustState;
import dev.passgate.hal.DoorInputs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * What keeps a kiosk from admitting people correctly, each problem named with its fix, for {@code passgate status}
 * (state {@code degraded}, exit 1), the WARN lines at start and the idle light. Checked: no usable reader, no
 * trusted issuer, expired trust data, an untrusted clock, an entry log that cannot be written, a speaker without
 * its audio device, and ({@link #inputs}) a switch on a GPIO input that cannot be read. Not checked here: the
 * faults {@link Kiosk#status} already names (unlogged decisions).
 * A reader that is still starting counts as usable; a reader whose input ended (standard input) is not a problem,
 * since its end stops the kiosk.
 */
public final class Health {
    private static final List<String> UNUSABLE = List.of("DISCONNECTED", "CLOSED");

    private Health() {
    }

    /** The problems, in the order a technician should fix them; empty when the kiosk is healthy. */
    public static List<String> problems(Map<String, String> readers, int trustEntries,
                                        Optional<StatusReport.TrustData> trust, StatusReport.ClockState clock,
                                        Path entryLog, List<String> speakerHealth) {
        List<String> problems = new ArrayList<>();
        if (readers.isEmpty()) {
            problems.add("no reader is enabled, so no pass can be scanned: enable scan.serial, scan.wedge or "
                    + "scan.camera in the configuration, then 'systemctl restart passgate'");
        } else if (readers.values().stream().allMatch(Health::unusable)) {
            problems.add("no reader is usable (" + describe(readers) + "): plug the reader in or correct its "
                    + "device path (scan.serial.port, scan.wedge.device, scan.camera.device); 'passgate test-io' "
                    + "checks them");
        }
        if (trustEntries == 0) {
            problems.add("no trusted issuer, so every pass is refused as UNKNOWN_ISSUER: list issuer key or "
                    + "certificate files in verify.trust, or pin trust.roots and install a bundle with "
                    + "'passgate bundle install FILE'");
        }
        trust.filter(data -> data.status().state() == TrustState.EXPIRED).ifPresent(data -> problems.add(
                "trust data expired (" + data.status().reason() + "): check trust.url and the network, or install"
                        + " a newer bundle with 'passgate bundle install FILE'"));
        if (!clock.trusted()) {
            problems.add("clock untrusted" + clock.reason().map(reason -> " (" + reason + ")").orElse("")
                    + ": enable time synchronisation ('timedatectl set-ntp true') and check the network");
        }
        Path folder = entryLog.toAbsolutePath().getParent();
        boolean writable = Files.exists(entryLog) ? Files.isWritable(entryLog)
                : folder != null && Files.isWritable(folder);
        if (!writable) {
            problems.add("entry log " + entryLog + " is not writable: give the passgate user write access to "
                    + "device.data_dir (the package uses /var/lib/passgate)");
        }
        speakerHealth.stream().filter(health -> !health.equals("OK")).forEach(health -> problems.add(
                "speaker: " + health + ": connect the sound card or choose one with feedback.audio.mixer "
                        + "('passgate test-io' lists them), or set feedback.audio.enabled = false"));
        return problems;
    }

    /**
     * Each switch of {@code [inputs]} that cannot be read (health {@code UNAVAILABLE}), with its fix; a kiosk
     * without it still decides, but nothing it would do for that switch happens.
     */
    public static List<String> inputs(DoorInputs inputs) {
        List<String> problems = new ArrayList<>();
        Stream.of(inputs.staffButton(), inputs.exitButton(), inputs.doorContact()).flatMap(Optional::stream)
                .filter(input -> input.health().startsWith("UNAVAILABLE"))
                .forEach(input -> problems.add("input " + input.name() + " " + input.health() + ": check inputs."
                        + input.name() + ".pin and the wiring, that the passgate user is in the gpio group and that "
                        + "no other program holds the line; 'passgate test-io' shows the inputs live"));
        return problems;
    }

    private static boolean unusable(String health) {
        return UNUSABLE.stream().anyMatch(health::startsWith);
    }

    private static String describe(Map<String, String> readers) {
        StringBuilder text = new StringBuilder();
        readers.forEach((name, health) -> text.append(text.length() == 0 ? "" : ", ").append(name).append(' ')
                .append(health));
        return text.toString();
    }
}
