package io.ferrite.tools;

import io.ferrite.engine.EngineBuilder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM while {@code ferrite run} warms up or recovers: the command must say what was interrupted (and, in recovery,
 * at which sequence), as it does when interrupted while publishing, instead of exiting silently.
 */
@Tag("slow")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RunInterruptIT
{
    private static final int EVENTS = 3_000;

    @TempDir
    Path tempDir;

    @Test
    void shouldSayRecoveryWasInterruptedAndAtWhichSequenceOnSigterm() throws Exception
    {
        final Path data = tempDir.resolve("data");
        final Ferrite.Result first = Ferrite.run("run", "--workload", SlowReplayWorkload.NAME, "--data",
            data.toString(), "--events", String.valueOf(EVENTS), "--snapshot-every", "0");
        assertEquals(FerriteMain.EXIT_OK, first.exitCode(), first::toString);

        final Process child = startFerrite("run", "--workload", SlowReplayWorkload.NAME, "--data", data.toString(),
            "--events", String.valueOf(2 * EVENTS), "--snapshot-every", "0");
        final List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(
            new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = out.readLine()))
            {
                lines.add(line);
                if (line.contains(SlowReplayWorkload.REPLAYING))
                {
                    // Replay of 3000 events at a millisecond each has seconds to go: SIGTERM now.
                    child.toHandle().destroy();
                }
            }
        }
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits after SIGTERM");

        final String output = String.join("\n", lines);
        assertTrue(output.contains(SlowReplayWorkload.REPLAYING), output);
        assertEquals(143, child.exitValue(), output);
        assertTrue(output.contains("interrupted during recovery of " + data), output);
        assertTrue(output.contains("up to sequence " + EVENTS), output);
    }

    @Test
    void shouldSayTheWarmupWasInterruptedAndDeleteItsScratchDirectoryOnSigterm() throws Exception
    {
        final Path data = tempDir.resolve("data");
        final Path scratch = data.resolve(EngineBuilder.WARMUP_SCRATCH_DIRECTORY);
        final Process child = startFerrite("run", "--workload", CounterWorkload.NAME, "--data", data.toString(),
            "--events", "10", "--warmup", String.valueOf(RunOptionChecks.MAX_WARMUP_EVENTS));
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // The warm-up prints nothing: SIGTERM once its scratch engine has a journal.
        while (!Files.isDirectory(scratch.resolve("first").resolve("journal")) && child.isAlive() &&
            System.nanoTime() < deadline)
        {
            Thread.sleep(10);
        }
        child.toHandle().destroy();
        assertTrue(child.waitFor(60, TimeUnit.SECONDS), "the child exits after SIGTERM");

        final String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(143, child.exitValue(), output);
        assertTrue(output.contains("interrupted during the warm-up, before the real engine started: nothing was " +
            "written to the journal of " + data), output);
        assertFalse(output.contains("during recovery"), output);
        assertFalse(Files.exists(scratch), "the scratch directory is deleted: " + output);
        assertFalse(Files.exists(data.resolve("journal")), output);
        assertFalse(Files.exists(data.resolve(DataIdentity.FILE_NAME)), "recorded only under the journal's lock");
    }

    private static Process startFerrite(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("ferrite.test.jvm.args", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FerriteMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }
}
