package dev.passgate.daemon.testing;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Runs an action on a fresh thread with a small stack (256 KiB, a quarter of the JVM's usual default), so a
 * test shows that hostile input cannot overflow the stack of a thread that is not unusually large. Any throwable
 * of the action, a StackOverflowError included, is rethrown to the test.
 */
public final class SmallStack {
    public static final long STACK_BYTES = 256 * 1024;
    private static final long TIMEOUT_SECONDS = 60;

    private SmallStack() {
    }

    public static <T> T call(Supplier<T> action) {
        FutureTask<T> task = new FutureTask<>(action::get);
        Thread thread = new Thread(null, task, "small-stack", STACK_BYTES);
        thread.start();
        try {
            return task.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException("the action failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            thread.interrupt();
            throw new IllegalStateException("the action did not finish within " + TIMEOUT_SECONDS + " s", e);
        }
    }
}
