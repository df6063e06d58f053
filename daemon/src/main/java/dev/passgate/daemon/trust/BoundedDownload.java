package dev.passgate.daemon.trust;

import dev.passgate.config.FetchLimits;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The body of one GET for a trust bundle, bounded before and while it is written: a {@code 200} body goes into a
 * new temporary file beside the installed bundle, any other status is not read at all (the body is cancelled).
 *
 * <p>Before the first byte is written, a {@code Content-Length} above {@link FetchLimits#maxBundleBytes()} is
 * refused, and so is one that would leave less than {@link FetchLimits#freeSpaceReserveBytes()} free on the file
 * system (without a {@code Content-Length}, at least the reserve must be free). While the body arrives, it is cut
 * off as soon as it grows past the limit or the free space falls below the reserve, checked every
 * {@link #SPACE_CHECK_BYTES}. A refused or aborted body leaves no temporary file. {@link #abort()} may be called
 * from any thread (the fetcher's deadline); the body's bytes so far are readable from any thread for the
 * throughput check. Not guaranteed: that another writer on the same file system does not use up the reserve.
 */
final class BoundedDownload implements HttpResponse.BodyHandler<BoundedDownload.Body> {
    static final long SPACE_CHECK_BYTES = 256 << 10;

    private final FetchLimits limits;
    private final Path folder;
    private final TempSource temps;
    private final UsableSpace usableSpace;
    private final AtomicLong received = new AtomicLong();
    private volatile boolean headersSeen;
    private Writer writer;
    private boolean aborted;

    /** Makes the temporary file to write the body into. */
    @FunctionalInterface
    interface TempSource {
        Path newTemp() throws IOException;
    }

    /** The bytes a process may still write on the file system of a folder ({@code FileStore.getUsableSpace}). */
    @FunctionalInterface
    interface UsableSpace {
        UsableSpace FILE_STORE = folder -> Files.getFileStore(folder).getUsableSpace();

        long of(Path folder) throws IOException;
    }

    /** What the body came to. */
    sealed interface Body {
        /** A 200 body written completely to {@code file}, which the caller now owns. */
        record Saved(Path file, long bytes) implements Body {
        }

        /** Another status: the body was not read. */
        record NotRead() implements Body {
        }

        /** A 200 body refused before or while it was written; nothing of it is left on disk. */
        record Refused(String reason) implements Body {
        }
    }

    BoundedDownload(FetchLimits limits, Path folder, TempSource temps, UsableSpace usableSpace) {
        this.limits = limits;
        this.folder = folder;
        this.temps = temps;
        this.usableSpace = usableSpace;
    }

    /** Bytes of the body received so far. */
    long received() {
        return received.get();
    }

    /** Whether the response headers arrived. */
    boolean headersSeen() {
        return headersSeen;
    }

    /** Stops the body where it is and removes what was written; a body not yet started is refused when it comes. */
    synchronized void abort() {
        aborted = true;
        if (writer != null) {
            writer.fail("aborted");
        }
    }

    @Override
    public synchronized HttpResponse.BodySubscriber<Body> apply(HttpResponse.ResponseInfo info) {
        headersSeen = true;
        if (info.statusCode() != 200) {
            return new Refusal(new Body.NotRead());
        }
        if (aborted) {
            return new Refusal(new Body.Refused("aborted"));
        }
        Optional<String> announced = info.headers().firstValue("Content-Length");
        OptionalLong contentLength = OptionalLong.empty();
        try {
            if (announced.isPresent()) {
                contentLength = OptionalLong.of(Long.parseLong(announced.get().strip()));
            }
        } catch (NumberFormatException e) {
            contentLength = OptionalLong.of(-1);
        }
        if (contentLength.orElse(0) < 0) {
            return new Refusal(new Body.Refused("found Content-Length \"" + announced.orElse("")
                    + "\", expected a number of bytes; not downloaded"));
        }
        Optional<String> problem = checkBeforeWriting(contentLength);
        if (problem.isPresent()) {
            return new Refusal(new Body.Refused(problem.get()));
        }
        try {
            writer = new Writer(temps.newTemp());
        } catch (IOException e) {
            return new Refusal(new Body.Refused("cannot create a temporary file for the bundle: " + e.getMessage()));
        }
        return writer;
    }

    private Optional<String> checkBeforeWriting(OptionalLong contentLength) {
        if (contentLength.isPresent() && contentLength.getAsLong() > limits.maxBundleBytes()) {
            return Optional.of("found Content-Length " + contentLength.getAsLong() + ", expected at most "
                    + limits.maxBundleBytes() + " (trust.max_bundle_bytes); not downloaded");
        }
        long needed = contentLength.orElse(0) + limits.freeSpaceReserveBytes();
        long usable = usable();
        if (usable < needed) {
            return Optional.of("found " + usable + " bytes free for the bundle's folder, expected at least "
                    + needed + " (" + contentLength.orElse(0) + " of the bundle plus "
                    + limits.freeSpaceReserveBytes() + " of trust.free_space_reserve_megabytes); not downloaded");
        }
        return Optional.empty();
    }

    /**
     * The usable space of the bundle's folder (or of its nearest existing parent, before the folder is made); 0
     * when it cannot be read, so that nothing is written then.
     */
    private long usable() {
        Path existing = folder;
        while (existing.getParent() != null && !Files.isDirectory(existing)) {
            existing = existing.getParent();
        }
        try {
            return usableSpace.of(existing);
        } catch (IOException e) {
            return 0;
        }
    }

    /** The subscriber for a body that is not read. */
    private static final class Refusal implements HttpResponse.BodySubscriber<Body> {
        private final CompletableFuture<Body> result;

        Refusal(Body body) {
            this.result = CompletableFuture.completedFuture(body);
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscription.cancel();
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
            // Cancelled at subscription: nothing more is read.
        }

        @Override
        public void onError(Throwable throwable) {
            // The result is already decided.
        }

        @Override
        public void onComplete() {
            // The result is already decided.
        }
    }

    /** Writes a 200 body into the temporary file, within the limits. */
    private final class Writer implements HttpResponse.BodySubscriber<Body> {
        private final Path file;
        private final FileChannel channel;
        private final CompletableFuture<Body> result = new CompletableFuture<>();
        private Flow.Subscription subscription;
        private long written;
        private long nextSpaceCheck = SPACE_CHECK_BYTES;

        Writer(Path file) throws IOException {
            this.file = file;
            this.channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        }

        @Override
        public CompletionStage<Body> getBody() {
            return result;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            synchronized (BoundedDownload.this) {
                this.subscription = subscription;
                if (result.isDone()) {
                    subscription.cancel();
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            synchronized (BoundedDownload.this) {
                if (result.isDone()) {
                    return;
                }
                try {
                    for (ByteBuffer buffer : buffers) {
                        int n = buffer.remaining();
                        if (written + n > limits.maxBundleBytes()) {
                            fail("found a body longer than " + limits.maxBundleBytes()
                                    + " bytes, expected at most that (trust.max_bundle_bytes); download stopped");
                            return;
                        }
                        while (buffer.hasRemaining()) {
                            channel.write(buffer);
                        }
                        written += n;
                        received.addAndGet(n);
                    }
                    if (written >= nextSpaceCheck) {
                        nextSpaceCheck = written + SPACE_CHECK_BYTES;
                        long usable = usable();
                        if (usable < limits.freeSpaceReserveBytes()) {
                            fail("found " + usable + " bytes free after " + written + " bytes of the bundle, expected"
                                    + " at least " + limits.freeSpaceReserveBytes()
                                    + " (trust.free_space_reserve_megabytes); download stopped");
                            return;
                        }
                    }
                } catch (IOException e) {
                    fail("cannot write the downloaded bundle: " + e.getMessage());
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable throwable) {
            synchronized (BoundedDownload.this) {
                closeAndDelete();
                result.completeExceptionally(throwable);
            }
        }

        @Override
        public void onComplete() {
            synchronized (BoundedDownload.this) {
                if (result.isDone()) {
                    return;
                }
                try {
                    channel.force(true);
                    channel.close();
                    result.complete(new Body.Saved(file, written));
                } catch (IOException e) {
                    closeAndDelete();
                    result.complete(new Body.Refused("cannot write the downloaded bundle: " + e.getMessage()));
                }
            }
        }

        /** Called holding the download's lock. */
        void fail(String reason) {
            if (result.isDone()) {
                return;
            }
            closeAndDelete();
            result.complete(new Body.Refused(reason));
            if (subscription != null) {
                subscription.cancel();
            }
        }

        private void closeAndDelete() {
            try {
                channel.close();
            } catch (IOException e) {
                // Deleting below is what matters.
            }
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // Removed at the next start at the latest.
            }
        }
    }
}
