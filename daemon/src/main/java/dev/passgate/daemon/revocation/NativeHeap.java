package dev.passgate.daemon.revocation;

import java.lang.management.ManagementFactory;
import javax.management.JMException;
import javax.management.ObjectName;

/**
 * Gives the C heap's free memory back to the system, as {@code jcmd PID System.trim_native_heap} does (glibc's
 * {@code malloc_trim}), through the JVM's own diagnostic command. SQLite frees its page cache into the C heap, and
 * glibc keeps such freed chunks resident until it is trimmed; one trim after a large install returns them.
 *
 * <p>Contract: {@link #trim} never throws (a runtime without {@code java.management} included); it answers the
 * JVM's report on one line ("Trim native heap: RSS+Swap: 158M-&gt;80M (-78M)") or why it could not trim (a JVM
 * without the command, a C library without {@code malloc_trim}: the JVM then says so). Not guaranteed: that
 * anything is returned (chunks in use, or freed among chunks in use, stay), or how long it takes: the first call
 * creates the platform MBean server (about 0.2 s of CPU here), later ones take milliseconds.
 */
final class NativeHeap {
    private static final String DIAGNOSTIC_COMMAND = "com.sun.management:type=DiagnosticCommand";

    private NativeHeap() {
    }

    /** Trims the C heap; the JVM's report, or what prevented the trim. */
    static String trim() {
        try {
            Object report = ManagementFactory.getPlatformMBeanServer().invoke(new ObjectName(DIAGNOSTIC_COMMAND),
                    "systemTrimNativeHeap", new Object[] {new String[0]}, new String[] {String[].class.getName()});
            return String.valueOf(report).strip().replaceAll("\\s*\\R\\s*", "; ");
        } catch (JMException | RuntimeException | LinkageError e) {
            return "native heap not trimmed: " + e;
        }
    }
}
