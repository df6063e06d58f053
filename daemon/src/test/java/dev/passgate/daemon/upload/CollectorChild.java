package dev.passgate.daemon.upload;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads where a {@code passgate collector} child process listens, from the line it prints when it is ready. */
final class CollectorChild {
    private static final Pattern LISTENING = Pattern.compile("collector: https?://127\\.0\\.0\\.1:([0-9]+)/v1/batches");

    private CollectorChild() {
    }

    /** The loopback port the child says it listens on; reads its standard output up to that line. */
    static int port(Process collector) throws IOException {
        BufferedReader out = new BufferedReader(new InputStreamReader(collector.getInputStream(),
                StandardCharsets.UTF_8));
        for (String line = out.readLine(); line != null; line = out.readLine()) {
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return Integer.parseInt(matcher.group(1));
            }
        }
        throw new IOException("the collector ended without saying where it listens");
    }
}
