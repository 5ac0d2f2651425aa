package io.ferrite.tools;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SIGTERM while {@code ferrite run} recovers: the command must say what was interrupted and at which sequence, as it
 * does when interrupted while publishing, instead of exiting silently.
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

        final List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(Arrays.asList(System.getProperty("ferrite.test.jvm.args", "").trim().split("\\s+")));
        command.removeIf(String::isEmpty);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FerriteMain.class.getName(),
            "run", "--workload", SlowReplayWorkload.NAME, "--data", data.toString(), "--events",
            String.valueOf(2 * EVENTS), "--snapshot-every", "0"));
        final Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
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
}
