package dev.passgate.daemon.trust;

import dev.passgate.daemon.revocation.RevocationEntry;
import dev.passgate.daemon.revocation.RevocationEntry.Kind;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.regex.Pattern;

/**
 * The revocation section of a trust bundle: a binary stream of groups, read one entry at a time so that ten
 * million entries never sit in the heap together.
 *
 * <p>Format, version 1 (integers big-endian):
 * <pre>
 * section = group*                                        (nothing at all when there are no entries)
 * group   = kind:u8 scopeLength:u16 scope:UTF-8 count:u32 entry{count}
 *             kind: 1 DCC_UCI, 2 DCC_COUNTRYCODEUCI, 3 DCC_SIGNATURE, 4 SHC_RID
 *             scope: 1..512 bytes; DCC kinds "CC/KID" (country, '/', base64 key id), SHC "ISS#KID"
 *             count: 1..2^31-1
 * entry   = keyLength:u8 key flags:u8 [revokedSince:i64]
 *             DCC kinds: keyLength 16 (the SHA-256 prefix of the EU lists), flags 0
 *             SHC_RID:   keyLength 1..64 (the rid's base64url characters), flags 0, or 1 when revokedSince
 *                        (epoch seconds) follows
 * </pre>
 * The manifest gives the section's length, SHA-256 and entry count; the reader checks all three, and that the
 * last group ends exactly at the section's end, when it reaches the end. A damaged section is reported as an
 * {@link IllegalStateException} from the iterator, an I/O fault as an {@link UncheckedIOException}.
 */
public final class RevocationSection {
    static final int MAX_SCOPE_BYTES = 512;
    static final int DCC_KEY_BYTES = 16;
    /** The latest revokedSince accepted: 9999-12-31T23:59:59Z. */
    static final long MAX_EPOCH_SECONDS = 253_402_300_799L;
    private static final Pattern DCC_SCOPE = Pattern.compile("[A-Z]{2}/[A-Za-z0-9+/]{2,88}={0,2}");
    private static final Pattern SHC_SCOPE = Pattern.compile("[^#]{1,400}#[^#]{1,100}");
    private static final Pattern RID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final List<Kind> KINDS = List.of(Kind.DCC_UCI, Kind.DCC_COUNTRYCODEUCI, Kind.DCC_SIGNATURE,
            Kind.SHC_RID);

    private RevocationSection() {
    }

    /** Writes groups to a stream, counting bytes and entries and hashing them for the manifest. */
    public static final class Writer implements Closeable {
        private final MessageDigest digest = newSha256();
        private final CountingStream counter;
        private final DataOutputStream out;
        private long entries;

        public Writer(OutputStream target) {
            this.counter = new CountingStream(new BufferedOutputStream(target));
            this.out = new DataOutputStream(new DigestOutputStream(counter, digest));
        }

        /** Writes one group; every entry must have the given kind and scope, and be valid for it. */
        public void group(Kind kind, String scope, List<RevocationEntry> group) throws IOException {
            byte[] scopeBytes = scope.getBytes(StandardCharsets.UTF_8);
            checkScope(kind, scope, scopeBytes.length);
            if (group.isEmpty()) {
                return;
            }
            out.writeByte(KINDS.indexOf(kind) + 1);
            out.writeShort(scopeBytes.length);
            out.write(scopeBytes);
            out.writeInt(group.size());
            for (RevocationEntry entry : group) {
                if (entry.kind() != kind || !entry.scope().equals(scope)) {
                    throw new IllegalArgumentException("an entry of " + entry.kind() + " " + entry.scope()
                            + " in a group of " + kind + " " + scope);
                }
                checkKey(kind, entry.key(), entry.revokedSince() != null);
                out.writeByte(entry.key().length);
                out.write(entry.key());
                out.writeByte(entry.revokedSince() == null ? 0 : 1);
                if (entry.revokedSince() != null) {
                    long seconds = entry.revokedSince().getEpochSecond();
                    if (seconds < 0 || seconds > MAX_EPOCH_SECONDS) {
                        throw new IllegalArgumentException("revokedSince " + entry.revokedSince() + " is outside "
                                + "1970..9999");
                    }
                    out.writeLong(seconds);
                }
            }
            entries += group.size();
        }

        public long entries() {
            return entries;
        }

        public long length() {
            return counter.count;
        }

        /** The SHA-256 of the bytes written, in base64; call after {@link #close}. */
        public String sha256() {
            return Base64.getEncoder().encodeToString(digest.digest());
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /**
     * Reads a section's entries from a stream positioned at its start, never reading past the section's end, so
     * the stream may go on with further sections; {@link #close} closes the stream.
     */
    public static final class Reader implements Iterator<RevocationEntry>, Closeable {
        private final Manifest.Section section;
        private final MessageDigest digest = newSha256();
        private final LimitedStream limited;
        private final DataInputStream in;
        private Kind kind;
        private String scope;
        private long leftInGroup;
        private long read;
        private boolean finished;

        public Reader(InputStream source, Manifest.Section section) {
            this.section = section;
            this.limited = new LimitedStream(source, section.length());
            this.in = new DataInputStream(new DigestInputStream(new BufferedInputStream(limited, 1 << 16), digest));
        }

        @Override
        public boolean hasNext() {
            try {
                if (leftInGroup == 0 && !finished) {
                    nextGroup();
                }
                return !finished;
            } catch (EOFException e) {
                throw damaged("the section ends inside a group header");
            } catch (IOException e) {
                throw new UncheckedIOException("reading the revocation section: " + e.getMessage(), e);
            }
        }

        @Override
        public RevocationEntry next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            try {
                int keyLength = in.readUnsignedByte();
                byte[] key = in.readNBytes(keyLength);
                if (key.length < keyLength) {
                    throw damaged("the section ends inside an entry");
                }
                int flags = in.readUnsignedByte();
                if (flags > 1) {
                    throw damaged("found entry flags " + flags + ", expected 0 or 1");
                }
                Instant since = flags == 1 ? since(in.readLong()) : null;
                checkKey(kind, key, since != null);
                leftInGroup--;
                read++;
                return new RevocationEntry(kind, scope, key, since);
            } catch (EOFException e) {
                throw damaged("the section ends inside an entry");
            } catch (IllegalArgumentException e) {
                throw damaged(e.getMessage());
            } catch (IOException e) {
                throw new UncheckedIOException("reading the revocation section: " + e.getMessage(), e);
            }
        }

        /** Reads to the end, checking every entry, and returns how many there were. */
        public long drain() {
            while (hasNext()) {
                next();
            }
            return read;
        }

        private void nextGroup() throws IOException {
            int first = in.read();
            if (first < 0) {
                finish();
                return;
            }
            if (first < 1 || first > KINDS.size()) {
                throw damaged("found group kind " + first + ", expected 1..4");
            }
            kind = KINDS.get(first - 1);
            int scopeLength = in.readUnsignedShort();
            byte[] scopeBytes = in.readNBytes(scopeLength);
            if (scopeBytes.length < scopeLength) {
                throw damaged("the section ends inside a group header");
            }
            try {
                scope = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(scopeBytes)).toString();
                checkScope(kind, scope, scopeLength);
            } catch (CharacterCodingException | IllegalArgumentException e) {
                throw damaged("found a group scope that is not acceptable: " + e.getMessage());
            }
            leftInGroup = in.readInt() & 0xFFFFFFFFL;
            if (leftInGroup < 1 || leftInGroup > Integer.MAX_VALUE) {
                throw damaged("found a group of " + leftInGroup + " entries, expected 1.." + Integer.MAX_VALUE);
            }
        }

        private void finish() {
            finished = true;
            if (limited.left != 0) {
                throw damaged("the section ends " + limited.left + " bytes before the manifest's length "
                        + section.length());
            }
            if (read != section.entries()) {
                throw damaged("found " + read + " entries, expected " + section.entries() + " as the manifest says");
            }
            String actual = Base64.getEncoder().encodeToString(digest.digest());
            if (!actual.equals(section.sha256())) {
                throw damaged("found SHA-256 " + actual + ", expected " + section.sha256() + " from the manifest");
            }
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Instant since(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > MAX_EPOCH_SECONDS) {
            throw damaged("found revokedSince " + epochSeconds + ", expected 0.." + MAX_EPOCH_SECONDS);
        }
        return Instant.ofEpochSecond(epochSeconds);
    }

    private static void checkScope(Kind kind, String scope, int bytes) {
        Pattern pattern = kind == Kind.SHC_RID ? SHC_SCOPE : DCC_SCOPE;
        if (bytes < 1 || bytes > MAX_SCOPE_BYTES || !pattern.matcher(scope).matches()) {
            throw new IllegalArgumentException("scope \"" + scope + "\" of " + kind + ", expected "
                    + (kind == Kind.SHC_RID ? "ISS#KID" : "CC/KID (country, '/', base64 key id)"));
        }
    }

    private static void checkKey(Kind kind, byte[] key, boolean timed) {
        if (kind == Kind.SHC_RID) {
            if (!RID.matcher(new String(key, StandardCharsets.ISO_8859_1)).matches()) {
                throw new IllegalArgumentException("an SHC rid of " + key.length + " bytes that is not 1..64 base64url"
                        + " characters");
            }
        } else if (key.length != DCC_KEY_BYTES || timed) {
            throw new IllegalArgumentException("a " + kind + " key of " + key.length + " bytes" + (timed
                    ? " with a time" : "") + ", expected " + DCC_KEY_BYTES + " bytes without a time");
        }
    }

    private static IllegalStateException damaged(String message) {
        return new IllegalStateException("revocation section: " + message);
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this Java runtime has no SHA-256", e);
        }
    }

    /** Reads at most {@code left} bytes from the stream, then reports its end. */
    private static final class LimitedStream extends FilterInputStream {
        private long left;

        LimitedStream(InputStream in, long limit) {
            super(in);
            this.left = limit;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b < 0) {
                throw new EOFException("the file ends inside the revocation section");
            }
            left--;
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buffer, offset, (int) Math.min(length, left));
            if (n < 0) {
                throw new EOFException("the file ends inside the revocation section");
            }
            left -= n;
            return n;
        }
    }

    /** Counts the bytes written through it. */
    private static final class CountingStream extends FilterOutputStream {
        private long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            out.write(bytes, offset, length);
            count += length;
        }
    }
}
