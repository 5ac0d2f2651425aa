package io.ferrite.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

import java.nio.file.Files;
import java.nio.file.Paths;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class CompilerActivityTest
{
    @Test
    void shouldKnowHotSpotCompilerThreadsByTheirTruncatedNames()
    {
        assertTrue(CompilerActivity.isCompilerThread("C2 CompilerThre"));
        assertTrue(CompilerActivity.isCompilerThread("C1 CompilerThre"));
        assertFalse(CompilerActivity.isCompilerThread("ferrite-journal"));
        assertFalse(CompilerActivity.isCompilerThread("VM Thread"));
        assertFalse(CompilerActivity.isCompilerThread("C2 Compiler"));
    }

    @Test
    void shouldReadTheTimeOnACpuFromSchedstat()
    {
        assertEquals(123_456_789L, CompilerActivity.onCpuNanos("123456789 42 7\n"));
        assertEquals(5L, CompilerActivity.onCpuNanos("5"));
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void shouldSeeTheTimeTheCompilerThreadsOfThisJvmUsed()
    {
        assumeTrue(Files.isReadable(Paths.get("/proc/self/task/" + ProcessHandle.current().pid() + "/schedstat")),
            "no per-thread scheduler statistics in this kernel");
        final java.util.List<String> flags = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments();
        assumeTrue(!flags.contains("-Xint") && !flags.contains("-XX:+UseJVMCICompiler"),
            "no C1/C2 compiler threads in this JVM");
        // This test JVM has compiled plenty by now (JUnit itself), so its compiler threads have used CPU time: at
        // least a millisecond, far more than any one thread's rounding.
        final long nanos = CompilerActivity.cpuNanos();
        assertTrue(nanos > 1_000_000, "compiler threads' CPU time " + nanos + " ns");
    }
}
