package dev.passgate.daemon.testing;

import java.awt.image.BufferedImage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rasterises the QR code SVGs of the SMART Health Cards examples, which draw the dark modules as one stroked path
 * of horizontal runs ({@code M x y.5 h n m dx 0 h n ...}, stroke width 1) over a white square. Only the path
 * commands those files use are understood (M, m, H, h, V, v, Z, z); the image is white with black modules, scaled
 * by a whole factor, as a screen or a print shows it to a camera.
 */
public final class SvgQr {
    private static final Pattern VIEW_BOX = Pattern.compile("viewBox=\"0 0 (\\d+) (\\d+)\"");
    private static final Pattern STROKED_PATH = Pattern.compile("<path[^>]*stroke=\"#000000\"[^>]*d=\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("[MmHhVvZz]|-?\\d*\\.?\\d+");

    private SvgQr() {
    }

    public static BufferedImage render(String svg, int scale) {
        Matcher box = VIEW_BOX.matcher(svg);
        Matcher path = STROKED_PATH.matcher(svg);
        if (!box.find() || !path.find()) {
            throw new IllegalArgumentException("not a QR SVG with a viewBox and a black stroked path");
        }
        int width = Integer.parseInt(box.group(1));
        int height = Integer.parseInt(box.group(2));
        boolean[][] dark = new boolean[height][width];
        Matcher tokens = TOKEN.matcher(path.group(1));
        double x = 0;
        double y = 0;
        char command = 'M';
        while (tokens.find()) {
            String token = tokens.group();
            if (Character.isLetter(token.charAt(0))) {
                command = token.charAt(0);
                continue;
            }
            double value = Double.parseDouble(token);
            switch (command) {
                case 'M', 'm' -> {
                    tokens.find();
                    double second = Double.parseDouble(tokens.group());
                    x = command == 'M' ? value : x + value;
                    y = command == 'M' ? second : y + second;
                }
                case 'H', 'h' -> {
                    double to = command == 'H' ? value : x + value;
                    fillRun(dark, (int) Math.floor(y), x, to);
                    x = to;
                }
                case 'V', 'v' -> y = command == 'V' ? value : y + value;
                default -> throw new IllegalArgumentException("path command " + command + " is not understood");
            }
        }
        BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_INT_RGB);
        for (int row = 0; row < height * scale; row++) {
            for (int column = 0; column < width * scale; column++) {
                image.setRGB(column, row, dark[row / scale][column / scale] ? 0x000000 : 0xffffff);
            }
        }
        return image;
    }

    private static void fillRun(boolean[][] dark, int row, double from, double to) {
        for (int column = (int) Math.round(Math.min(from, to)); column < Math.round(Math.max(from, to)); column++) {
            if (row >= 0 && row < dark.length && column >= 0 && column < dark[row].length) {
                dark[row][column] = true;
            }
        }
    }
}
