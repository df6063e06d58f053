package dev.passgate.daemon.scan;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.Binarizer;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.LuminanceSource;
import com.google.zxing.PlanarYUVLuminanceSource;
import com.google.zxing.ReaderException;
import com.google.zxing.aztec.AztecReader;
import com.google.zxing.Result;
import com.google.zxing.common.GlobalHistogramBinarizer;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Finds and decodes one QR code in a grayscale image with ZXing, trying a fixed ladder of attempts from the
 * cheapest up until one reads: default hints, TRY_HARDER, the global-histogram binarizer, the inverted image
 * (light-on-dark phone screens), PURE_BARCODE for clean renderings, then rescaled copies, and last an Aztec
 * reader, since the EU DCC specification lets issuers print Aztec codes too. "No code found" is a normal result
 * ({@link Optional#empty()}), not an exception. Thread-safe: each call uses its own reader.
 */
public final class QrDecoder {
    private static final int LARGE_IMAGE_PIXELS = 1600 * 1200;
    private static final int SMALL_IMAGE_SIDE = 400;

    private record Attempt(Function<LuminanceSource, Binarizer> binarizer, boolean tryHarder, boolean pure,
                           boolean inverted) {
    }

    private static final List<Attempt> ATTEMPTS = List.of(
            new Attempt(HybridBinarizer::new, false, false, false),
            new Attempt(HybridBinarizer::new, true, false, false),
            new Attempt(GlobalHistogramBinarizer::new, true, false, false),
            new Attempt(HybridBinarizer::new, true, false, true),
            new Attempt(HybridBinarizer::new, false, true, false));

    public Optional<String> decode(GrayImage image) {
        Optional<String> text = tryAll(image);
        if (text.isEmpty() && (long) image.width() * image.height() > LARGE_IMAGE_PIXELS) {
            text = tryAll(image.downscaled(2));
        }
        if (text.isEmpty() && Math.min(image.width(), image.height()) < SMALL_IMAGE_SIDE) {
            text = tryAll(image.upscaled(2));
        }
        return text.isPresent() ? text : tryAztec(image);
    }

    private Optional<String> tryAll(GrayImage image) {
        for (Attempt attempt : ATTEMPTS) {
            Optional<String> text = tryOnce(image, attempt);
            if (text.isPresent()) {
                return text;
            }
        }
        return Optional.empty();
    }

    private Optional<String> tryAztec(GrayImage image) {
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        try {
            Result result = new AztecReader().decode(new BinaryBitmap(new HybridBinarizer(luminance(image))), hints);
            return Optional.of(result.getText());
        } catch (ReaderException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }

    private static LuminanceSource luminance(GrayImage image) {
        return new PlanarYUVLuminanceSource(image.pixels(), image.width(), image.height(), 0, 0, image.width(),
                image.height(), false);
    }

    private Optional<String> tryOnce(GrayImage image, Attempt attempt) {
        LuminanceSource source = luminance(image);
        if (attempt.inverted()) {
            source = source.invert();
        }
        Map<DecodeHintType, Object> hints = new EnumMap<>(DecodeHintType.class);
        hints.put(DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.QR_CODE));
        hints.put(DecodeHintType.CHARACTER_SET, "ISO-8859-1");
        if (attempt.tryHarder()) {
            hints.put(DecodeHintType.TRY_HARDER, Boolean.TRUE);
        }
        if (attempt.pure()) {
            hints.put(DecodeHintType.PURE_BARCODE, Boolean.TRUE);
        }
        try {
            Result result = new QRCodeReader().decode(new BinaryBitmap(attempt.binarizer().apply(source)), hints);
            return Optional.of(result.getText());
        } catch (ReaderException | IllegalArgumentException | ArrayIndexOutOfBoundsException e) {
            return Optional.empty();
        }
    }
}
