package dev.passgate.daemon.revocation;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NativeHeapTest {
    @Test
    void trimsTheCHeapThroughTheJvmsDiagnosticCommandAndReportsTheResidentSize() {
        String report = NativeHeap.trim();

        assertThat(report).as("the JVM's answer to System.trim_native_heap on glibc")
                .startsWith("Trim native heap").contains("RSS+Swap");
    }
}
