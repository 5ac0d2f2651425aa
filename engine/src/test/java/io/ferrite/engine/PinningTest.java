package io.ferrite.engine;

import net.openhft.affinity.Affinity;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PinningTest
{
    @Test
    void shouldPinTheCallingThreadAndSaySoOnlyOnceTheMaskReadsBack() throws Exception
    {
        // A CPU this process may run on (a container's CPU set need not start at 0).
        final int cpu = Affinity.getAffinity().nextSetBit(0);
        Assumptions.assumeTrue(cpu >= 0 && cpu < Runtime.getRuntime().availableProcessors(), "CPU set " +
            Affinity.getAffinity());
        final Pinning pinning = new Pinning();
        final AtomicReference<BitSet> seen = new AtomicReference<>();
        final Thread thread = new Thread(() ->
        {
            pinning.pinCurrentThread("journaller", cpu);
            seen.set(Affinity.getAffinity());
        });
        thread.start();
        thread.join();

        final List<String> outcomes = pinning.outcomes();
        assertEquals(1, outcomes.size(), outcomes.toString());
        assertTrue(outcomes.get(0).startsWith("journaller: pinned to CPU " + cpu), outcomes.get(0));
        final BitSet only = new BitSet();
        only.set(cpu);
        assertEquals(only, seen.get(), "the thread runs on that CPU only");
    }

    @Test
    void shouldWarnAndRunUnpinnedWhenTheAffinityLibraryCannotLoadItsNativeSupport() throws Exception
    {
        // A JVM whose JNA cannot unpack its native library (its temporary directory cannot be written): OpenHFT
        // affinity then falls back to an implementation that accepts every request and does nothing.
        final Process child = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Djna.tmpdir=/proc/ferrite-no-such-dir", "-Dorg.slf4j.simpleLogger.defaultLogLevel=off",
            "-cp", System.getProperty("java.class.path"), PinCpuZero.class.getName())
            .redirectErrorStream(true).start();
        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(child.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, child.exitValue(), output);
        assertTrue(output.contains("outcome: journaller: unpinned, the affinity library did not apply it"), output);
    }

    /** Pins its main thread to CPU 0 and prints what {@link Pinning} made of it. */
    public static final class PinCpuZero
    {
        public static void main(final String[] args)
        {
            final Pinning pinning = new Pinning();
            pinning.pinCurrentThread("journaller", 0);
            System.out.println("outcome: " + String.join(" | ", pinning.outcomes()));
        }
    }

    @Test
    void shouldLeaveAThreadWithoutACpuAlone()
    {
        final Pinning pinning = new Pinning();
        final BitSet before = Affinity.getAffinity();
        pinning.pinCurrentThread("engine", -1);
        assertEquals(before, Affinity.getAffinity());
        assertTrue(pinning.outcomes().isEmpty(), pinning.outcomes().toString());
    }
}
