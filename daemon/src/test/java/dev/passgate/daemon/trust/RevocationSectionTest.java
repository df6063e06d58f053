package dev.passgate.daemon.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class RevocationSectionTest {
    private static final String SCOPE = "DE/n+Vd6ZJdZI4=";

    @Test
    void readsEntriesLazilyWithoutLoadingTheSection() throws IOException {
        // given a section of 200,000 entries in groups of 50,000 (3.6 MB)
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RevocationSection.Writer writer = new RevocationSection.Writer(bytes);
        for (int group = 0; group < 4; group++) {
            List<RevocationEntry> entries = new ArrayList<>();
            for (int i = 0; i < 50_000; i++) {
                entries.add(dcc(Kind.DCC_SIGNATURE, group * 50_000 + i));
            }
            writer.group(Kind.DCC_SIGNATURE, SCOPE, entries);
        }
        writer.close();
        Manifest.Section section = section(writer);
        CountingInput source = new CountingInput(new ByteArrayInputStream(bytes.toByteArray()));

        // when the first entry is read
        RevocationSection.Reader reader = new RevocationSection.Reader(source, section);
        RevocationEntry first = reader.next();

        // then only the first buffer of the section has been read, and the rest streams on demand
        assertThat(first.key()[0]).isZero();
        assertThat(source.count).isLessThanOrEqualTo(64 * 1024);
        assertThat(1 + reader.drain()).isEqualTo(200_000 + 1);
        assertThat(source.count).isEqualTo(section.length());
    }

    @Test
    void reportsAHashMismatchAtTheEnd() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        RevocationSection.Writer writer = new RevocationSection.Writer(bytes);
        writer.group(Kind.DCC_UCI, SCOPE, List.of(dcc(Kind.DCC_UCI, 1), dcc(Kind.DCC_UCI, 2)));
        writer.close();
        byte[] damaged = bytes.toByteArray();
        damaged[damaged.length - 2] ^= 1;

        Iterator<RevocationEntry> reader = new RevocationSection.Reader(new ByteArrayInputStream(damaged),
                section(writer));

        assertThat(reader.next()).isNotNull();
        assertThat(reader.next()).isNotNull();
        assertThatThrownBy(reader::hasNext).isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("revocation section: found SHA-256 ");
    }

    @Test
    void refusesToWriteEntriesTheReaderWouldRefuse() {
        RevocationSection.Writer writer = new RevocationSection.Writer(new ByteArrayOutputStream());

        assertThatThrownBy(() -> writer.group(Kind.DCC_UCI, "Germany/kid", List.of(dcc(Kind.DCC_UCI, 1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.group(Kind.DCC_UCI, SCOPE, List.of(new RevocationEntry(Kind.DCC_UCI, SCOPE,
                new byte[8], null)))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.group(Kind.SHC_RID, "https://i.example#k", List.of(new RevocationEntry(
                Kind.SHC_RID, "https://i.example#k", "not a rid!".getBytes(), Instant.EPOCH))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Manifest.Section section(RevocationSection.Writer writer) {
        return new Manifest.Section(SectionType.REVOCATION, Instant.EPOCH, Instant.MAX, writer.length(),
                writer.sha256(), writer.entries());
    }

    private static RevocationEntry dcc(Kind kind, int n) {
        byte[] key = new byte[16];
        key[0] = (byte) n;
        key[1] = (byte) (n >>> 8);
        key[2] = (byte) (n >>> 16);
        return new RevocationEntry(kind, SCOPE, key, null);
    }

    /** Counts the bytes read from the stream. */
    private static final class CountingInput extends FilterInputStream {
        private long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b < 0 ? 0 : 1;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count += Math.max(n, 0);
            return n;
        }
    }
}
