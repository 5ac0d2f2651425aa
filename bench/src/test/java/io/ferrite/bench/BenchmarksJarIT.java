package io.ferrite.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The packaged {@code target/benchmarks.jar} as a user runs it: JMH's own main lists every benchmark, and the
 * harness and report entry points start. Runs child JVMs, so it is tagged slow (Failsafe, after packaging).
 */
@Tag("slow")
@Timeout(120)
class BenchmarksJarIT
{
    private static final Path JAR = Paths.get(System.getProperty("basedir", "."), "target", "benchmarks.jar");

    @Test
    void jmhMainShouldListEveryBenchmark() throws Exception
    {
        final String listing = run("-jar", JAR.toString(), "-l");
        for (final String benchmark : BenchmarkListTest.EXPECTED)
        {
            assertTrue(listing.contains(benchmark), "benchmarks.jar -l lacks " + benchmark + ":\n" + listing);
        }
    }

    @Test
    void latencyHarnessAndReportShouldStartFromTheJar() throws Exception
    {
        assertTrue(run("-cp", JAR.toString(), "io.ferrite.bench.latency.LatencyMain", "--help").contains("--rates"));
        assertTrue(run("-cp", JAR.toString(), "io.ferrite.bench.report.ReportMain", "--help").contains("--jmh"));
    }

    private static String run(final String... args) throws IOException, InterruptedException
    {
        assertTrue(Files.isRegularFile(JAR), "no " + JAR + ": run after mvn package");
        final List<String> command = new ArrayList<>();
        command.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "still running: " + command);
        assertEquals(0, process.exitValue(), String.join(" ", command) + " failed:\n" + output);
        return output;
    }
}
