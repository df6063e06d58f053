package dev.passgate.daemon.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * The byte strings of {@link ChainEncoding}, against the worked example in {@code docs/entry-log.md}: the values
 * below were also computed with Python's hashlib from the documented layout, so a collector in another language
 * that follows the document gets the same hashes.
 */
class ChainEncodingTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final String GENESIS = "6aa5d885625346bb665d1f3f70a01d4235b5a1a5c75b9ef4f50c76e03ca786df";
    private static final String BODY = "a466666f726d617463484331676d6f6e6f5f6e730067766572646963746556414c49446d636c"
            + "6f636b5f74727573746564f5";
    private static final String HASH = "3722d2b731199f3658977ffcf24eb22ec8d6264cec715f6b17d51bf2f3def5fe";
    private static final long WALL = Instant.parse("2026-03-01T08:00:00Z").toEpochMilli();

    @Test
    void matchesTheWorkedExampleOfTheDocument() {
        EntryRecord record = new EntryRecord(Instant.ofEpochMilli(WALL), 0, "VALID", "HC1", null, null, true);

        BodyCodec.Encoded body = new BodyCodec(null).encode("gate-1", 1, record);

        assertThat(HEX.formatHex(ChainEncoding.genesis("gate-1"))).isEqualTo(GENESIS);
        assertThat(HEX.formatHex(body.body())).isEqualTo(BODY);
        assertThat(HEX.formatHex(ChainEncoding.recordHash("gate-1", 1, RecordKind.ENTRY, WALL, BodyFormat.CBOR,
                body.body(), HEX.parseHex(GENESIS)))).isEqualTo(HASH);
    }

    @Test
    void hashesTheFieldsInTheDocumentedLayout() {
        byte[] body = HEX.parseHex(BODY);
        ByteBuffer layout = ByteBuffer.allocate(16 + 7 + 8 + 1 + 8 + 1 + 4 + body.length + 32)
                .put("passgate/entry/2".getBytes(StandardCharsets.US_ASCII))
                .put((byte) 6).put("gate-1".getBytes(StandardCharsets.US_ASCII))
                .putLong(1).put((byte) 1).putLong(WALL).put((byte) 0).putInt(body.length).put(body)
                .put(HEX.parseHex(GENESIS));

        assertThat(HEX.formatHex(ChainEncoding.sha256(layout.array()))).isEqualTo(HASH);
        assertThat(ChainEncoding.checkpointMessage("gate-1", 1, HEX.parseHex(HASH), WALL)).isEqualTo(
                ByteBuffer.allocate(21 + 7 + 8 + 32 + 8)
                        .put("passgate/checkpoint/2".getBytes(StandardCharsets.US_ASCII))
                        .put((byte) 6).put("gate-1".getBytes(StandardCharsets.US_ASCII)).putLong(1)
                        .put(HEX.parseHex(HASH)).putLong(WALL).array());
    }

    @Test
    void givesEveryDeviceItsOwnGenesisAndRefusesMalformedHashes() {
        assertThat(ChainEncoding.genesis("gate-2")).isNotEqualTo(ChainEncoding.genesis("gate-1"));
        assertThatThrownBy(() -> ChainEncoding.recordHash("gate-1", 1, RecordKind.ENTRY, 0, BodyFormat.CBOR,
                new byte[0], new byte[31])).hasMessageContaining("prevHash must be 32 bytes, found 31 bytes");
    }
}
