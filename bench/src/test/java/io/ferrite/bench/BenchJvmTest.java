package io.ferrite.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class BenchJvmTest
{
    @Test
    void shouldCarryEveryChronicleAndAgronaFlagOfTheParentPom()
    {
        // Surefire passes the parent pom's ferrite.test.argLine here; the benchmarks must not drift from it.
        final String parentFlags = System.getProperty("ferrite.test.jvm.args");
        assertNotNull(parentFlags, "run through Maven: ferrite.test.jvm.args is set by the parent pom");
        for (final String flag : parentFlags.trim().split("\\s+"))
        {
            if (flag.startsWith("--add-") || flag.startsWith("-D"))
            {
                assertTrue(BenchJvm.forEveryJdk().contains(flag), "BenchJvm lacks the parent pom's " + flag);
            }
        }
    }

    @Test
    void shouldGiveJdk17NoFlagItRefuses()
    {
        assertFalse(BenchJvm.forJdk(17).contains(BenchJvm.UNSAFE_MEMORY_ACCESS));
        assertFalse(BenchJvm.forJdk(22).contains(BenchJvm.UNSAFE_MEMORY_ACCESS));
        assertEquals(BenchJvm.forEveryJdk(), BenchJvm.forJdk(17));
    }

    @Test
    void shouldSilenceUnsafeWarningsOnNewerJdks()
    {
        final List<String> flags = BenchJvm.forJdk(25);
        assertTrue(flags.containsAll(BenchJvm.forEveryJdk()));
        assertTrue(flags.contains(BenchJvm.NATIVE_ACCESS));
        assertTrue(flags.contains(BenchJvm.UNSAFE_MEMORY_ACCESS));
    }

    @Test
    void runnerShouldAddTheFlagsForTheRunningJdkUnlessGivenOnTheCommandLine()
    {
        final String[] added = BenchRunner.withForkFlags(new String[]{"-f", "1", "Mapped"}, 25);
        assertEquals("-jvmArgsAppend", added[0]);
        assertEquals(String.join(" ", BenchJvm.forJdk(25)), added[1]);
        assertArrayEquals(new String[]{"-f", "1", "Mapped"}, List.of(added).subList(2, 5).toArray());

        final String[] own = {"-jvmArgsAppend", "-Xmx2g", "Mapped"};
        assertArrayEquals(own, BenchRunner.withForkFlags(own, 25));
    }
}
