package dev.passgate.daemon.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.upokecenter.cbor.CBORObject;
import dev.passgate.daemon.testing.SmallStack;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Supplier;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The bounds {@link Cbor#decode} enforces before the CBOR library runs. Hostile items are decoded on a thread
 * with a 256 KiB stack, on which the library alone overflows at a few hundred nested maps.
 */
class CborBoundsTest {
    private static final Limits LIMITS = Limits.DEFAULT;

    @Test
    void refusesOneHundredThousandNestedArraysWithoutOverflowingTheStack() {
        byte[] nested = repeated(0x81, 100_000, 0x00);

        Cbor.Decoded decoded = SmallStack.call(() -> Cbor.decode(nested, LIMITS));

        assertThat(decoded.ok()).isFalse();
        assertThat(decoded.failure()).isEqualTo("CBOR is nested deeper than 16 levels");
    }

    @Test
    void refusesOneHundredThousandNestedMapsWithoutOverflowingTheStack() {
        byte[] nested = new byte[200_001];
        for (int i = 0; i < 100_000; i++) {
            nested[2 * i] = (byte) 0xa1;
            nested[2 * i + 1] = 0x00;
        }

        Cbor.Decoded decoded = SmallStack.call(() -> Cbor.decode(nested, LIMITS));

        assertThat(decoded.failure()).isEqualTo("CBOR is nested deeper than 16 levels");
    }

    @Test
    void countsTagsAndIndefiniteArraysAsNestingLevels() {
        assertThat(SmallStack.call(() -> Cbor.decode(repeated(0xc6, 100_000, 0x00), LIMITS)).failure())
                .isEqualTo("CBOR is nested deeper than 16 levels");
        assertThat(SmallStack.call(() -> Cbor.decode(repeated(0x9f, 100_000, 0x00), LIMITS)).failure())
                .isEqualTo("CBOR is nested deeper than 16 levels");
    }

    @Test
    void acceptsExactlyTheDepthLimitAndRefusesOneLevelMore() {
        byte[] sixteenLevels = repeated(0x81, 15, 0x00);
        byte[] seventeenLevels = repeated(0x81, 16, 0x00);

        assertThat(Cbor.decode(sixteenLevels, LIMITS).ok()).isTrue();
        assertThat(Cbor.decode(seventeenLevels, LIMITS).failure()).isEqualTo("CBOR is nested deeper than 16 levels");
    }

    @Test
    void acceptsExactlyTheItemLimitAndRefusesOneItemMore() {
        byte[] atLimit = array(4095);
        byte[] overLimit = array(4096);

        assertThat(Cbor.decode(atLimit, LIMITS).ok()).isTrue();
        assertThat(Cbor.decode(overLimit, LIMITS).failure()).isEqualTo("CBOR has more than 4096 items");
    }

    @Test
    void countsEveryChunkOfAnIndefiniteStringAsAnItem() {
        byte[] chunks = repeated(0x40, 5000, 0xff);
        chunks[0] = 0x5f;

        assertThat(Cbor.decode(chunks, LIMITS).failure()).isEqualTo("CBOR has more than 4096 items");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "byte string of 2^31-1 bytes, 5a7fffffff0102",
        "text string of 2^31-1 bytes, 7a7fffffff0102",
        "byte string of 2^63-1 bytes, 5b7fffffffffffffff0102",
        "byte string of 2^64-1 bytes, 5bffffffffffffffff0102",
        "array of 2^32 items, 9b000000010000000000",
        "array of 100 million items, 9a05f5e10000",
        "map of 2^63 pairs, bb800000000000000000",
        "chunk of 2^31-1 bytes in an indefinite string, 5f5a7fffffff01ff"})
    void refusesDeclaredSizesBeyondTheInputWithoutAllocatingThem(String label, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);

        long allocated = allocatedBy(() -> Cbor.decode(bytes, LIMITS).failure());

        assertThat(Cbor.decode(bytes, LIMITS).failure()).as(label).contains("remain");
        assertThat(allocated).as(label + ": bytes allocated").isLessThan(1 << 20);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "reserved additional information 28, 1c",
        "reserved additional information 30 on a map, be",
        "a stray break, ff",
        "a break inside a definite array, 82ff00",
        "an indefinite-length integer, 1f",
        "an indefinite-length tag, df00",
        "a text chunk in an indefinite byte string, 5f6161ff",
        "a head cut short, 19ff",
        "an array cut short, 8300",
        "an unterminated indefinite array, 9f0000",
        "nothing at all, ''",
        "bytes after the item, 0000"})
    void refusesMalformedHeadsAsValues(String label, String hex) {
        byte[] bytes = HexFormat.of().parseHex(hex);

        Cbor.Decoded decoded = Cbor.decode(bytes, LIMITS);

        assertThat(decoded.ok()).as(label).isFalse();
        assertThat(decoded.failure()).as(label).startsWith("CBOR");
    }

    @Test
    void decodesNestedIndefiniteItemsAndTagsThatFitTheBounds() {
        byte[] bytes = HexFormat.of().parseHex("d9d9f79fbf6161c11a5f5e1000ff5f4101420203ff7f6161ffff");

        Cbor.Decoded decoded = Cbor.decode(bytes, LIMITS);

        assertThat(decoded.ok()).as(decoded.failure()).isTrue();
        assertThat(decoded.item().UntagOne().size()).isEqualTo(3);
    }

    @Test
    void honoursSmallerConfiguredBounds() {
        Limits tight = new Limits(8192, 65536, 3, 5);
        CBORObject fine = CBORObject.NewArray().Add(CBORObject.NewArray().Add(1)).Add(2);
        CBORObject deep = CBORObject.NewArray().Add(CBORObject.NewArray().Add(CBORObject.NewArray().Add(1)));
        CBORObject wide = CBORObject.NewArray().Add(1).Add(2).Add(3).Add(4).Add(5);

        assertThat(Cbor.decode(fine.EncodeToBytes(), tight).ok()).isTrue();
        assertThat(Cbor.decode(deep.EncodeToBytes(), tight).failure()).contains("deeper than 3");
        assertThat(Cbor.decode(wide.EncodeToBytes(), tight).failure()).contains("more than 5 items");
    }

    private static byte[] repeated(int head, int count, int last) {
        byte[] bytes = new byte[count + 1];
        Arrays.fill(bytes, (byte) head);
        bytes[count] = (byte) last;
        return bytes;
    }

    private static byte[] array(int zeros) {
        byte[] bytes = new byte[zeros + 3];
        bytes[0] = (byte) 0x99;
        bytes[1] = (byte) (zeros >>> 8);
        bytes[2] = (byte) zeros;
        return bytes;
    }

    private static long allocatedBy(Supplier<?> action) {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter");
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        long thread = Thread.currentThread().getId();
        action.get();
        long before = threads.getThreadAllocatedBytes(thread);
        action.get();
        return threads.getThreadAllocatedBytes(thread) - before;
    }
}
