package dev.passgate.daemon.scan;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rasterises the one SVG shape QR generators such as node-qrcode write: a square {@code viewBox}, a white
 * background and one stroked path of unit-width horizontal runs ({@code M x y}, {@code m dx dy}, {@code h dx}).
 * Any other command makes it give up (empty), so an SVG it does not understand is never drawn wrongly.
 */
final class SvgQrRaster {
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern STROKED = Pattern.compile("<path stroke=\"#000000\" d=\"([^\"]*)\"");
    private static final Pattern COMMAND = Pattern.compile("([A-Za-z])\\s*([-0-9.]+)(?:\\s+([-0-9.]+))?");

    private SvgQrRaster() {
    }

    static Optional<BufferedImage> render(Path svg, int pixelsPerUnit) throws IOException {
        String text = Files.readString(svg, StandardCharsets.UTF_8);
        Matcher box = VIEW_BOX.matcher(text);
        Matcher path = STROKED.matcher(text);
        if (!box.find() || !path.find()) {
            return Optional.empty();
        }
        int width = Integer.parseInt(box.group(1));
        int height = Integer.parseInt(box.group(2));
        boolean[][] dark = new boolean[height][width];
        double x = 0;
        double y = 0;
        Matcher command = COMMAND.matcher(path.group(1));
        int end = 0;
        while (command.find()) {
            if (command.start() != end && !path.group(1).substring(end, command.start()).isBlank()) {
                return Optional.empty();
            }
            end = command.end();
            double a = Double.parseDouble(command.group(2));
            double b = command.group(3) == null ? 0 : Double.parseDouble(command.group(3));
            switch (command.group(1)) {
                case "M" -> { x = a; y = b; }
                case "m" -> { x += a; y += b; }
                case "h" -> {
                    int row = (int) Math.floor(y);
                    for (int column = (int) Math.round(Math.min(x, x + a)); column < Math.round(Math.max(x, x + a));
                         column++) {
                        if (row >= 0 && row < height && column >= 0 && column < width) {
                            dark[row][column] = true;
                        }
                    }
                    x += a;
                }
                default -> {
                    return Optional.empty();
                }
            }
        }
        BufferedImage image = new BufferedImage(width * pixelsPerUnit, height * pixelsPerUnit,
                BufferedImage.TYPE_BYTE_GRAY);
        for (int py = 0; py < image.getHeight(); py++) {
            for (int px = 0; px < image.getWidth(); px++) {
                image.getRaster().setSample(px, py, 0, dark[py / pixelsPerUnit][px / pixelsPerUnit] ? 0 : 255);
            }
        }
        return Optional.of(image);
    }
}
