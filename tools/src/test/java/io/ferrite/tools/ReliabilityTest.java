package io.ferrite.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input and data-directory faults found by the fuzzing and bad-input pass of issue 11, end to end in this JVM.
 */
class ReliabilityTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldRefuseAWorkloadPathThatIsNotAJar() throws Exception
    {
        final Path notAJar = tempDir.resolve("random.jar");
        final byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Files.write(notAJar, bytes);
        final Path data = tempDir.resolve("data");

        for (final String[] args : new String[][]{
            {"workloads", "--workload-path", notAJar.toString()},
            {"run", "--workload", CounterWorkload.NAME, "--data", data.toString(), "--events", "10",
                "--workload-path", notAJar.toString()},
            {"replay", data.toString(), "--workload", CounterWorkload.NAME, "--workload-path", notAJar.toString()}})
        {
            final Ferrite.Result result = Ferrite.run(args);
            assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
            assertTrue(result.err().contains("neither a directory nor a jar"), result::toString);
            assertTrue(result.err().contains(notAJar.toString()), result::toString);
            assertFalse(result.err().contains("\tat "), "no stack trace for a user mistake");
        }
        assertFalse(Files.exists(data), "nothing was created for a refused command");
    }

    @Test
    void shouldRefuseADataPathThatIsARegularFile() throws Exception
    {
        final Path file = Files.writeString(tempDir.resolve("notes.txt"), "not a data directory");

        final Ferrite.Result result = Ferrite.run(
            "run", "--workload", CounterWorkload.NAME, "--data", file.toString(), "--events", "10");

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains(file + " is a file"), result::toString);
        assertFalse(result.err().contains("Exception"), result::toString);
        assertEquals("not a data directory", Files.readString(file));
    }
}
