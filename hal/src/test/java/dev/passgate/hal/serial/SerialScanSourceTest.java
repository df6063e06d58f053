package dev.passgate.hal.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.passgate.hal.ScannedCode;
import dev.passgate.hal.scan.Framing;
import dev.passgate.hal.serial.SerialScanSource.State;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The serial source against a real pseudo-terminal pair made by socat: codes are written into the reader's end
 * and must arrive through jSerialComm at the kiosk's end. Skipped only when socat is not installed.
 */
class SerialScanSourceTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Duration SHORT = Duration.ofMillis(100);

    @TempDir
    Path dir;

    private final LinkedBlockingQueue<ScannedCode> codes = new LinkedBlockingQueue<>();
    private final List<AutoCloseable> cleanup = new ArrayList<>();
    private SocatPair socat;

    @AfterEach
    void cleanUp() throws Exception {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
            cleanup.get(i).close();
        }
    }

    @Test
    void crFramingToleratesAReaderThatSendsCrLf() throws Exception {
        SerialScanSource source = connectedSource(Framing.CR, 100);

        socat.send("one\rtwo\r\nthree\r\r\nend\r");

        assertThat(nextTexts(4)).containsExactly("one", "two", "three", "end");
        assertThat(codes.peek()).isNull();
        assertThat(source.name()).isEqualTo("serial:" + socat.kiosk());
    }

    @Test
    void lfFramingDropsTheCrOfCrLfAndDecodesHighBytesAsLatin1() throws Exception {
        connectedSource(Framing.LF, 100);

        socat.send("alpha\nbeta\r\n");
        socat.send(new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});

        assertThat(nextTexts(3)).containsExactly("alpha", "beta", "caf\u00E9");
    }

    @Test
    void crLfFramingKeepsLoneCrAndLfInsideTheCode() throws Exception {
        connectedSource(Framing.CRLF, 100);

        socat.send("a\nb\r\nc\rd\r\nend\r\n");

        assertThat(nextTexts(3)).containsExactly("a\nb", "c\rd", "end");
    }

    @Test
    void idleFramingEndsACodeWhenTheLineGoesQuiet() throws Exception {
        connectedSource(Framing.IDLE, 100);

        socat.send("idle-code");
        ScannedCode first = next();
        socat.send("second\r\n");
        ScannedCode second = next();

        assertThat(first.text()).isEqualTo("idle-code");
        assertThat(second.text()).isEqualTo("second\r\n");
        assertThat(second.receivedNanos()).isGreaterThan(first.receivedNanos());
    }

    @Test
    void overLongCodeArrivesOnceCutAndFlaggedAndTheNextCodeIsClean() throws Exception {
        connectedSource(Framing.LF, 16);

        socat.send("X".repeat(1000) + "\nok\n");

        assertThat(List.of(next(), next())).extracting(ScannedCode::text, ScannedCode::overLength)
                .containsExactly(tuple("X".repeat(16), true), tuple("ok", false));
    }

    @Test
    void binaryGarbageDoesNotStopTheSourceAndLaterCodesStillArrive() throws Exception {
        // given a reader spewing random bytes, including NUL, CR, LF and bytes above 0x7F
        SerialScanSource source = connectedSource(Framing.LF, 32);
        byte[] garbage = new byte[8192];
        new Random(4711).nextBytes(garbage);
        garbage[0] = 0;
        garbage[1] = (byte) 0xFF;

        // when
        socat.send(garbage);
        socat.send("\nafter-garbage\n");

        // then whatever the garbage turned into is bounded, and the real code comes through
        List<ScannedCode> seen = new ArrayList<>();
        ScannedCode code;
        do {
            code = next();
            seen.add(code);
        } while (!code.text().equals("after-garbage"));
        assertThat(seen).allSatisfy(c -> assertThat(c.text()).hasSizeLessThanOrEqualTo(32).isNotEmpty());
        assertThat(source.state()).isEqualTo(State.CONNECTED);
    }

    @Test
    void dropsCodesOfWrongBaudNoiseAndSaysSoInItsHealth() throws Exception {
        // given a reader at another baud rate: what arrives is mostly bytes above 0x7E, NULs and framing junk
        SerialScanSource source = connectedSource(Framing.CR, 100);
        byte[] noise = {(byte) 0xF8, 0x00, (byte) 0x80, (byte) 0xFE, (byte) 0x9C, 0x06, (byte) 0xE0, 'A', '\r'};

        // when the noise comes twice, then a good code
        socat.send(noise);
        socat.send(noise);
        socat.send("HC1:GOOD\r");

        // then only the good code arrives and the health names the likely cause
        assertThat(next().text()).isEqualTo("HC1:GOOD");
        assertThat(source.garbledCount()).isEqualTo(2);
        assertThat(source.health()).isEqualTo("CONNECTED (2 garbled code(s) dropped: check the baud rate)");
    }

    @Test
    void sendsTheReaderItsConfirmationCommandForEachDecision() throws Exception {
        plugIn();
        SerialScanSource source = new SerialScanSource(new SerialSettings(socat.kiosk().toString(), 9600, Framing.CR,
                SHORT, SHORT, 100), System::nanoTime, ReaderCommands.ofHex("16 54 0D", "07"));
        cleanup.add(source);
        source.start(codes::add);
        assertThat(source.awaitState(State.CONNECTED, WAIT)).isTrue();

        Future<byte[]> received = socat.receive(4);

        source.confirm(true);
        source.confirm(false);

        assertThat(received.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly(0x16, 0x54, 0x0D, 0x07);
    }

    @Test
    void reopensThePortWhenTheReaderIsUnpluggedAndPluggedBackIn() throws Exception {
        // given a connected reader that delivered a code
        SerialScanSource source = connectedSource(Framing.LF, 100);
        socat.send("before\n");
        assertThat(next().text()).isEqualTo("before");

        // when the reader is unplugged, then the source notices
        socat.unplug();
        assertThat(source.awaitState(State.DISCONNECTED, WAIT)).isTrue();

        // when it is plugged back in under the same name, then the source reopens it and codes arrive again
        plugIn();
        assertThat(source.awaitState(State.CONNECTED, WAIT)).isTrue();
        socat.send("after\n");
        assertThat(next().text()).isEqualTo("after");
    }

    @Test
    void waitsForAReaderThatIsNotPluggedInAtStart() throws Exception {
        SerialScanSource source = source(Framing.LF, 100, dir.resolve("kiosk"));
        source.start(codes::add);
        assertThat(source.awaitState(State.DISCONNECTED, WAIT)).isTrue();

        plugIn();

        assertThat(source.awaitState(State.CONNECTED, WAIT)).isTrue();
        socat.send("late reader\n");
        assertThat(next().text()).isEqualTo("late reader");
    }

    @Test
    void closeStopsTheThreadAndReleasesThePortForTheNextSource() throws Exception {
        // given
        SerialScanSource first = connectedSource(Framing.LF, 100);

        // when
        first.close();

        // then the reading thread is gone and another source can take over the port
        assertThat(first.state()).isEqualTo(State.CLOSED);
        assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
                .doesNotContain("passgate-serial-kiosk");
        LinkedBlockingQueue<ScannedCode> secondCodes = new LinkedBlockingQueue<>();
        SerialScanSource second = source(Framing.LF, 100, socat.kiosk());
        second.start(secondCodes::add);
        assertThat(second.awaitState(State.CONNECTED, WAIT)).isTrue();
        socat.send("for the second\n");
        assertThat(secondCodes.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting(ScannedCode::text)
                .isEqualTo("for the second");
        assertThat(codes).isEmpty();
        first.close();
    }

    @Test
    void missingPortIsReportedAsDisconnectedAndCloseStillWorks() throws Exception {
        SerialScanSource source = source(Framing.CR, 100, dir.resolve("no-such-dir/ttyACM9"));
        assertThat(source.state()).isEqualTo(State.NOT_STARTED);

        source.start(codes::add);
        assertThat(source.awaitState(State.DISCONNECTED, WAIT)).isTrue();
        source.close();

        assertThat(source.state()).isEqualTo(State.CLOSED);
        assertThatThrownBy(() -> source.start(codes::add)).isInstanceOf(IllegalStateException.class);
    }

    private SerialScanSource connectedSource(Framing framing, int maxLength) throws Exception {
        plugIn();
        SerialScanSource source = source(framing, maxLength, socat.kiosk());
        source.start(codes::add);
        assertThat(source.awaitState(State.CONNECTED, WAIT)).as("connected to %s", socat.kiosk()).isTrue();
        return source;
    }

    private SerialScanSource source(Framing framing, int maxLength, Path port) {
        SerialSettings settings = new SerialSettings(port.toString(), 9600, framing, SHORT, SHORT, maxLength);
        SerialScanSource source = new SerialScanSource(settings, System::nanoTime);
        cleanup.add(source);
        return source;
    }

    private void plugIn() throws IOException, InterruptedException {
        Assumptions.assumeTrue(SocatPair.available(), "socat is not on PATH");
        socat = SocatPair.start(dir);
        cleanup.add(socat);
    }

    private ScannedCode next() throws InterruptedException {
        ScannedCode code = codes.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(code).as("a code within %s", WAIT).isNotNull();
        return code;
    }

    private List<String> nextTexts(int count) throws InterruptedException {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            texts.add(next().text());
        }
        return texts;
    }
}
