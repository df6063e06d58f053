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
 * The decoder as it was before the ladder was reworked (commit 78c1837), kept in the tests only so that
 * {@link QrLadderTimingTest} can print before and after figures on the same machine in the same run. Its
 * nearest-neighbour enlargement, since dropped from {@link GrayImage}, lives here.
 */
final class PreviousQrDecoder {
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

    Optional<String> decode(GrayImage image) {
        Optional<String> text = tryAll(image);
        if (text.isEmpty() && (long) image.width() * image.height() > LARGE_IMAGE_PIXELS) {
            text = tryAll(image.downscaled(2));
        }
        if (text.isEmpty() && Math.min(image.width(), image.height()) < SMALL_IMAGE_SIDE) {
            text = tryAll(upscaled(image, 2));
        }
        return text.isPresent() ? text : tryAztec(image);
    }

    private static GrayImage upscaled(GrayImage image, int factor) {
        int w = image.width() * factor;
        int h = image.height() * factor;
        byte[] out = new byte[w * h];
        for (int y = 0; y < h; y++) {
            int src = (y / factor) * image.width();
            for (int x = 0; x < w; x++) {
                out[y * w + x] = image.pixels()[src + x / factor];
            }
        }
        return new GrayImage(w, h, out);
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
