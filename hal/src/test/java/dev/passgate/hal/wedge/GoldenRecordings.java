package dev.passgate.hal.wedge;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Writes the golden recordings {@code scan-64.bin} and {@code scan-32.bin} (version 1 of the input_event
 * layout, little-endian) that {@link WedgeGoldenFilesTest} reads. Run once by hand when a recording is added:
 * later versions of the reader must keep reading the committed files, so they are never regenerated.
 */
public final class GoldenRecordings {
    /** The codes in each recording, each typed and followed by Enter, 300 ms apart. */
    /** The codes in each recording, each typed and followed by Enter, 300 ms apart. */
    static final List<String> CODES = List.of(
            "HC1:6BFOXN%TS3DH0YOJ58S S-W5HDC *M0II5XHC9B5G2+$N IOP-IA%NFQGRJPC%OQHIZC4.OI1RM8ZA.A5:S9MKN4NN3F85QN",
            "shc:/56762909524320603460292437404460312229595326546034602925407728043360287028647167452228092861",
            "PG1:Mixed-case ~!@#$%^&*()_+{}|:\"<>? `-=[]\\;',./ 0123456789");

    private GoldenRecordings() {
    }

    public static byte[] recording(EventLayout layout) {
        KeyRecording recording = new KeyRecording(layout);
        for (String code : CODES) {
            recording.type(code).enter().pause(300);
        }
        return recording.bytes();
    }

    public static void main(String[] args) throws IOException {
        Path folder = Path.of(args.length > 0 ? args[0] : "src/test/resources/dev/passgate/hal/wedge");
        Files.write(folder.resolve("scan-64.bin"), recording(EventLayout.BITS_64));
        Files.write(folder.resolve("scan-32.bin"), recording(EventLayout.BITS_32));
    }
}
