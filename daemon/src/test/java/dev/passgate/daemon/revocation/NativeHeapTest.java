package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import org.junit.jupiter.api.Test;

class NativeHeapTest {
    @Test
    void trimsTheCHeapThroughTheJvmsDiagnosticCommandAndReportsTheResidentSizeOnOneLine() {
        assumeTrue(Runtime.version().compareTo(Runtime.Version.parse("17.0.9")) >= 0,
                "the one-line report came with Java 17.0.9 (JDK-8293114); earlier updates word it otherwise");

        String report = NativeHeap.trim();

        assertThat(report).as("the JVM's answer to System.trim_native_heap on glibc")
                .startsWith("Trim native heap").contains("RSS+Swap").doesNotContain("\n");
    }
}
