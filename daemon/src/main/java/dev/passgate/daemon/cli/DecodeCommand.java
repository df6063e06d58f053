package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.scan.GrayImage;
import dev.passgate.daemon.scan.QrDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code passgate decode IMAGE...}: decodes the QR code in each PNG or JPEG file and prints one JSON object per
 * file, {@code {"file", "text"}} or {@code {"file", "error"}} with error {@code NOT_FOUND} (no code read) or
 * {@code UNREADABLE} (not an image). Exit 0 when every file decoded, else 1.
 */
@Command(name = "decode", description = "Decode QR codes in image files; one JSON line per file.")
public final class DecodeCommand implements Callable<Integer> {
    private static final long MAX_IMAGE_BYTES = 32L << 20;
    private static final long MAX_PIXELS = 40_000_000L;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "IMAGE", arity = "1..*", description = "PNG or JPEG files.")
    private List<Path> images;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        QrDecoder decoder = new QrDecoder();
        boolean all = true;
        for (Path image : images) {
            CBORObject line = CBORObject.NewOrderedMap().Add("file", image.toString());
            Optional<GrayImage> gray = read(image);
            Optional<String> text = gray.flatMap(decoder::decode);
            if (text.isPresent()) {
                line.Add("text", text.get());
            } else {
                line.Add("error", gray.isPresent() ? "NOT_FOUND" : "UNREADABLE");
                all = false;
            }
            out.println(line.ToJSONString());
            out.flush();
        }
        return all ? 0 : 1;
    }

    private static Optional<GrayImage> read(Path file) {
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > MAX_IMAGE_BYTES) {
                return Optional.empty();
            }
            BufferedImage image = ImageIO.read(file.toFile());
            if (image == null || (long) image.getWidth() * image.getHeight() > MAX_PIXELS) {
                return Optional.empty();
            }
            return Optional.of(GrayImage.of(image));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
