package dev.passgate.daemon.cli;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.scan.GrayImage;
import dev.passgate.daemon.scan.QrDecoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code passgate decode IMAGE...}: decodes the QR code in each PNG or JPEG file and prints one JSON object per
 * file, {@code {"file", "text"}} or {@code {"file", "error"}} with error {@code NOT_FOUND} (no code read) or
 * {@code UNREADABLE} (not an image, or a corrupt or truncated one) with a {@code reason}. Exit 0 when every file
 * decoded, else 1.
 */
@Command(name = "decode", description = "Decode QR codes in image files; one JSON line per file.")
public final class DecodeCommand implements Callable<Integer> {
    private static final long MAX_IMAGE_BYTES = 32L << 20;
    private static final long MAX_PIXELS = 40_000_000L;
    /**
     * The heap one decode holds per pixel at most: the file's decoded image (up to 4 bytes a pixel for colour),
     * its gray copy, and the ladder's views and bit matrices. Measured with {@code -Xmx64m}: 3200x3200 decoded,
     * 3600x3600 ran out of memory (a 45 kB PNG); 7 leaves a margin.
     */
    static final long HEAP_BYTES_PER_PIXEL = 7;

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
            Loaded loaded = read(image);
            Optional<String> text = loaded.gray().flatMap(decoder::decode);
            if (text.isPresent()) {
                line.Add("text", text.get());
            } else if (loaded.gray().isPresent()) {
                line.Add("error", "NOT_FOUND");
                all = false;
            } else {
                line.Add("error", "UNREADABLE").Add("reason", loaded.reason());
                all = false;
            }
            out.println(line.ToJSONString());
            out.flush();
        }
        return all ? 0 : 1;
    }

    /**
     * Reads one image, refusing it before any pixel is decoded when its header declares more than
     * {@link #pixelLimit} pixels: a PNG of a few hundred bytes can declare 40,000 × 40,000 pixels, which the
     * image reader would otherwise allocate (1.6 GB) before it finds the pixel data missing.
     */
    private static Loaded read(Path file) {
        try {
            if (!Files.isRegularFile(file)) {
                return Loaded.unreadable("not a regular file");
            }
            if (Files.size(file) > MAX_IMAGE_BYTES) {
                return Loaded.unreadable("file of " + Files.size(file) + " bytes, expected at most " + MAX_IMAGE_BYTES);
            }
            try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
                Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
                if (readers == null || !readers.hasNext()) {
                    return Loaded.unreadable("not a PNG, JPEG or other image format this decoder reads");
                }
                return decodePixels(readers.next(), in);
            }
        } catch (IOException | RuntimeException e) {
            return Loaded.unreadable("corrupt or truncated image: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : " " + e.getMessage()));
        }
    }

    private static Loaded decodePixels(ImageReader reader, ImageInputStream in) throws IOException {
        List<String> warnings = new ArrayList<>();
        try {
            reader.setInput(in, true, true);
            long pixels = (long) reader.getWidth(0) * reader.getHeight(0);
            long heap = Runtime.getRuntime().maxMemory();
            long limit = pixelLimit(heap);
            if (pixels > limit) {
                return Loaded.unreadable("image of " + reader.getWidth(0) + "x" + reader.getHeight(0)
                        + " pixels, expected at most " + limit + " pixels"
                        + (limit < MAX_PIXELS ? " with this JVM's heap of " + (heap >> 20) + " MiB" : ""));
            }
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            GrayImage gray = GrayImage.of(reader.read(0));
            if (!warnings.isEmpty()) {
                return Loaded.unreadable("corrupt or truncated image: " + warnings.get(0));
            }
            return new Loaded(Optional.of(gray), "");
        } finally {
            reader.dispose();
        }
    }

    /**
     * The most pixels an image may have: {@value #MAX_PIXELS}, and no more than a heap of {@code maxHeap} bytes
     * can decode, so that a small file declaring a large image is refused with a reason instead of ending the
     * command with an {@link OutOfMemoryError}.
     */
    static long pixelLimit(long maxHeap) {
        return Math.min(MAX_PIXELS, maxHeap / HEAP_BYTES_PER_PIXEL);
    }

    /** The pixels of one file, or why there are none. */
    private record Loaded(Optional<GrayImage> gray, String reason) {
        static Loaded unreadable(String reason) {
            return new Loaded(Optional.empty(), reason);
        }
    }
}
