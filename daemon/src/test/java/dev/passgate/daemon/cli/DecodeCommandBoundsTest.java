package dev.passgate.daemon.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.CRC32;
import dev.passgate.daemon.testing.Hc1Layers;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code passgate decode} refuses an image by the size its header declares, before allocating its pixels. */
class DecodeCommandBoundsTest {
    @TempDir
    Path dir;

    @Test
    void refusesAPngDeclaringFortyThousandSquaredPixelsWithoutAllocatingThem() throws IOException {
        Path bomb = Files.write(dir.resolve("bomb.png"), png(40_000, 40_000));
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());

        CliRun run = CliRun.main("decode", bomb.toString());

        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertThat(Files.size(bomb)).isLessThan(200);
        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).contains("\"error\":\"UNREADABLE\"");
        assertThat(allocated).as("bytes allocated").isLessThan(64L << 20);
    }

    /** A PNG of an 8-bit grayscale image of the given size, whose pixel data stops after the first kilobyte. */
    private static byte[] png(int width, int height) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        DataOutputStream ihdr = new DataOutputStream(header);
        ihdr.writeInt(width);
        ihdr.writeInt(height);
        ihdr.write(new byte[] {8, 0, 0, 0, 0});
        chunk(out, "IHDR", header.toByteArray());
        chunk(out, "IDAT", Hc1Layers.zlib(new byte[1024]));
        chunk(out, "IEND", new byte[0]);
        return bytes.toByteArray();
    }

    private static void chunk(DataOutputStream out, String type, byte[] data) throws IOException {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeInt(data.length);
        out.write(typeBytes);
        out.write(data);
        out.writeInt((int) crc.getValue());
    }
}
