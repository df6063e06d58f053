package dev.passgate.daemon.scan;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.Reader;
import com.google.zxing.ReaderException;
import com.google.zxing.aztec.AztecReader;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Finds and decodes one QR code in a grayscale image with ZXing, trying a fixed ladder of rungs from the cheapest
 * up until one reads. Each rung is a view of the image, a binarizer and a set of hints:
 * <ol>
 *   <li>{@code hybrid}: the image as it is, local thresholds, default hints. Nearly every clean code reads here,
 *       so this common case costs exactly one ZXing attempt.</li>
 *   <li>{@code pure}: PURE_BARCODE, for renderings that hold only the code (cheap, fails fast).</li>
 *   <li>{@code hybrid-harder}: TRY_HARDER, which scans every row for finder patterns.</li>
 *   <li>{@code histogram}: one global threshold, for even light with fine detail.</li>
 *   <li>{@code inverted}: light modules on a dark ground (phone screens in dark mode).</li>
 *   <li>{@code quiet-zone}: the image inside a border of its own background, for codes cut off at the edge.</li>
 *   <li>{@code half} and {@code half-pure}: a 2:1 box-filtered copy, which averages away sensor noise and
 *       shrinks oversized codes; only for images at least {@value #MIN_SIDE_FOR_HALF} pixels on the short side.</li>
 *   <li>{@code double} and {@code double-histogram}: a bilinear 1:2 enlargement, for codes whose modules are one
 *       or two soft pixels wide; only for images at most {@value #MAX_SIDE_FOR_DOUBLE} pixels on the long side.</li>
 *   <li>{@code aztec}: an Aztec reader, since the EU DCC specification lets issuers print Aztec codes too.</li>
 * </ol>
 * Three rungs run BoofCV's contour-based QR reader ({@link BoofQr}) instead of ZXing, each within
 * {@value #BOOFCV_DEADLINE_MS} ms: {@code boofcv} after the third rung, on the image as it is (it reads
 * low-resolution, perspective-distorted and blurred codes ZXing misses), {@code boofcv-inverted} after ZXing's
 * {@code inverted} (dark mode), and {@code boofcv-double} last, on the
 * 1:2 enlargement of small images (codes of about 3 pixels per module in perspective). Their places were chosen by
 * measurement (docs/performance-camera.md): a code ZXing reads on the first rungs costs exactly what it did before;
 * a hard code BoofCV reads skips ZXing's costly resampling rungs.
 * The three rungs on the image as it is with local thresholds share one binarization. "No code found" is a
 * normal result, not an exception; {@link #read} also says which rung read the code and how many ran, so that
 * benchmarks can count them. Thread-safe: each call uses its own readers.
 */
public final class QrDecoder {
    static final int MIN_SIDE_FOR_HALF = 200;
    static final int MAX_SIDE_FOR_DOUBLE = 400;
    static final int MAX_SIDE_FOR_TRIPLE = 400;
    private static final int BACKGROUND_PERCENTILE = 90;
    static final long BOOFCV_DEADLINE_MS = 2_000;

    private final boolean withBoofCv;

    /** The full ladder, ZXing and BoofCV. */
    public QrDecoder() {
        this(true);
    }

    /** {@code withBoofCv} false: ZXing's rungs alone, for measurements against the full ladder. */
    QrDecoder(boolean withBoofCv) {
        this.withBoofCv = withBoofCv;
    }

    /** What one call did: the text when a rung read one, the name of that rung, and how many rungs ran. */
    public record Reading(Optional<String> text, Optional<String> rung, int tried) {
    }

    private enum View { AS_IS, QUIET_ZONE, HALF, DOUBLE, TRIPLE }

    private enum Threshold { LOCAL, GLOBAL, LOCAL_INVERTED }

    private enum Hints { DEFAULT, TRY_HARDER, PURE, AZTEC, BOOFCV, BOOFCV_INVERTED }

    private record Rung(String name, View view, Threshold threshold, Hints hints) {
    }

    private static final List<Rung> LADDER = List.of(
            new Rung("hybrid", View.AS_IS, Threshold.LOCAL, Hints.DEFAULT),
            new Rung("pure", View.AS_IS, Threshold.LOCAL, Hints.PURE),
            new Rung("hybrid-harder", View.AS_IS, Threshold.LOCAL, Hints.TRY_HARDER),
            new Rung("boofcv", View.AS_IS, Threshold.LOCAL, Hints.BOOFCV),
            new Rung("histogram", View.AS_IS, Threshold.GLOBAL, Hints.TRY_HARDER),
            new Rung("inverted", View.AS_IS, Threshold.LOCAL_INVERTED, Hints.TRY_HARDER),
            new Rung("boofcv-inverted", View.AS_IS, Threshold.LOCAL, Hints.BOOFCV_INVERTED),
            new Rung("aztec", View.AS_IS, Threshold.LOCAL, Hints.AZTEC),
            new Rung("quiet-zone", View.QUIET_ZONE, Threshold.LOCAL, Hints.TRY_HARDER),
            new Rung("half", View.HALF, Threshold.LOCAL, Hints.TRY_HARDER),
            new Rung("half-histogram", View.HALF, Threshold.GLOBAL, Hints.TRY_HARDER),
            new Rung("half-pure", View.HALF, Threshold.LOCAL, Hints.PURE),
            new Rung("double", View.DOUBLE, Threshold.LOCAL, Hints.TRY_HARDER),
            new Rung("double-histogram", View.DOUBLE, Threshold.GLOBAL, Hints.TRY_HARDER),
            new Rung("triple-histogram", View.TRIPLE, Threshold.GLOBAL, Hints.TRY_HARDER),
            new Rung("boofcv-double", View.DOUBLE, Threshold.LOCAL, Hints.BOOFCV));

    /** The names of the rungs, in the order they are tried. */
    public static List<String> ladder() {
        return LADDER.stream().map(Rung::name).toList();
    }

    public Optional<String> decode(GrayImage image) {
        return read(image).text();
    }

    /** Climbs the ladder on {@code image} and reports the text, the rung that read it and the rungs tried. */
    public Reading read(GrayImage image) {
        Attempts attempts = new Attempts(image);
        int tried = 0;
        for (Rung rung : LADDER) {
            boolean boof = rung.hints() == Hints.BOOFCV || rung.hints() == Hints.BOOFCV_INVERTED;
            if (boof && !withBoofCv) {
                continue;
            }
            Optional<GrayImage> view = attempts.view(rung.view());
            if (view.isEmpty()) {
                continue;
            }
            tried++;
            Optional<String> text = boof ? boofCv(view.get(), rung.hints() == Hints.BOOFCV_INVERTED)
                    : decode(attempts.bitmap(rung.view(), rung.threshold()), rung.hints());
            if (text.isPresent()) {
                return new Reading(text, Optional.of(rung.name()), tried);
            }
        }
        return new Reading(Optional.empty(), Optional.empty(), tried);
    }

    private static Optional<String> boofCv(GrayImage image, boolean inverted) {
        try (BoofQr boof = new BoofQr()) {
            return boof.read(image.pixels(), image.width(), image.height(), inverted,
                    TimeUnit.MILLISECONDS.toNanos(BOOFCV_DEADLINE_MS)).text();
        }
    }

    private static Optional<String> decode(BinaryBitmap bitmap, Hints kind) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        Reader reader;
        if (kind == Hints.AZTEC) {
            hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
            reader = new AztecReader();
        } else {
            hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
            hints.put(DecodeHintType.CHARACTER_SET, "ISO-8859-1");
            if (kind == Hints.TRY_HARDER) {
                hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
            } else if (kind == Hints.PURE) {
                hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
            }
            reader = new QRCodeReader();
        }
        try {
            return Optional.of(reader.decode(bitmap, hints).getText());
        } catch (ReaderException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    /**
     * The views and binarized bitmaps of one call, each made on first use and kept, so that rungs sharing a view
     * and a threshold share one binarization. A view that does not apply to the image is null.
     */
    private static final class Attempts {
        private final GrayImage image;
        private final Map<View, Optional<GrayImage>> views = new EnumMap<>(View.class);
        private final Map<View, Map<Threshold, BinaryBitmap>> bitmaps = new EnumMap<>(View.class);

        Attempts(GrayImage image) {
            this.image = image;
        }

        Optional<GrayImage> view(View view) {
            return views.computeIfAbsent(view, this::makeView);
        }

        /** The view binarized; only for a view that applies to the image. */
        BinaryBitmap bitmap(View view, Threshold threshold) {
            Optional<GrayImage> source = view(view);
            return bitmaps.computeIfAbsent(view, v -> new EnumMap<>(Threshold.class))
                    .computeIfAbsent(threshold, t -> binarize(source.get(), t));
        }

        private Optional<GrayImage> makeView(View view) {
            int shortSide = Math.min(image.width(), image.height());
            int longSide = Math.max(image.width(), image.height());
            return switch (view) {
                case AS_IS -> Optional.of(image);
                case QUIET_ZONE -> Optional.of(image.padded(Math.max(16, shortSide / 10),
                        image.percentile(BACKGROUND_PERCENTILE)));
                case HALF -> shortSide >= MIN_SIDE_FOR_HALF ? Optional.of(image.downscaled(2)) : Optional.empty();
                case DOUBLE -> shortSide <= MAX_SIDE_FOR_DOUBLE
                        ? Optional.of(image.resized(image.width() * 2, image.height() * 2)) : Optional.empty();
                case TRIPLE -> longSide <= MAX_SIDE_FOR_TRIPLE
                        ? Optional.of(image.resized(image.width() * 3, image.height() * 3)) : Optional.empty();
            };
        }

        private static BinaryBitmap binarize(GrayImage view, Threshold threshold) {
            LuminanceSource source = new PlanarYUVLuminanceSource(view.pixels(), view.width(), view.height(), 0, 0,
                    view.width(), view.height(), false);
            return switch (threshold) {
                case LOCAL -> new BinaryBitmap(new BlockBinarizer(source));
                case GLOBAL -> new BinaryBitmap(new GlobalHistogramBinarizer(source));
                case LOCAL_INVERTED -> new BinaryBitmap(new BlockBinarizer(source.invert()));
            };
        }
    }
}
