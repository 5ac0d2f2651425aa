package io.ferrite.tools;

import io.ferrite.engine.ThreadingMode;
import io.ferrite.engine.WaitStrategyType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The conventions every command keeps: help, version, exit codes, one-line errors, no stack traces.
 */
class FerriteMainTest
{
    @TempDir
    Path tempDir;

    @Test
    void shouldListCommandsAndExitCodesInHelp()
    {
        final Ferrite.Result result = Ferrite.run("--help");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        for (final String command : List.of("journal", "workloads", "Exit codes:", "bad usage"))
        {
            assertTrue(result.out().contains(command), () -> "help lacks " + command + ": " + result);
        }
        assertEquals("", result.err());
    }

    @Test
    void shouldPrintHelpOfEverySubcommand()
    {
        for (final String[] command : new String[][] {
            {"journal", "info", "--help"}, {"journal", "dump", "--help"}, {"journal", "verify", "--help"},
            {"workloads", "--help"}, {"dashboard", "--help"}})
        {
            final Ferrite.Result result = Ferrite.run(command);
            assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
            assertTrue(result.out().startsWith("Usage: ferrite " + command[0]), result::toString);
            assertTrue(result.out().contains("--json"), result::toString);
        }
    }

    @Test
    void shouldPrintProjectVersion()
    {
        final Ferrite.Result result = Ferrite.run("--version");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        assertTrue(result.out().matches("(?s)ferrite \\d+\\.\\d+\\.\\d+\\S*\\R.*"), result::toString);
    }

    @Test
    void shouldPrintTheSameVersionFromEverySubcommand()
    {
        final String topLevel = Ferrite.run("--version").out();
        for (final String[] args : new String[][]{
            {"run", "--version"}, {"journal", "info", "-V"}, {"cluster", "status", "-V"}, {"snapshot", "--version"}})
        {
            final Ferrite.Result result = Ferrite.run(args);

            assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
            assertEquals(topLevel, result.out(), () -> String.join(" ", args) + ": " + result);
            assertTrue(result.out().startsWith("ferrite "), result::toString);
        }
    }

    @Test
    void shouldExitWithUsageCodeAndOneLinePlusHintForUnknownOption()
    {
        final Ferrite.Result result = Ferrite.run("journal", "info", "--bogus", tempDir.toString());

        assertUsageError(result, "ferrite journal info: Unknown option: '--bogus'");
    }

    @Test
    void shouldExitWithUsageCodeForMissingCommand()
    {
        assertUsageError(Ferrite.run(), "ferrite: missing command");
        assertUsageError(Ferrite.run("journal"), "ferrite journal: missing subcommand: one of info, dump, verify");
    }

    @Test
    void shouldSuggestTheCommandMeantForATypo()
    {
        final Ferrite.Result result = Ferrite.run("jurnal", "info");

        assertUsageError(result, "ferrite: unknown command 'jurnal' (did you mean journal");
    }

    @Test
    void shouldRejectAnExtraArgument()
    {
        assertUsageError(Ferrite.run("journal", "info", tempDir.toString(), "extra"),
            "ferrite journal info: unexpected argument(s): 'extra'");
    }

    @Test
    void shouldExitWithUsageCodeForBadNumber()
    {
        assertUsageError(Ferrite.run("journal", "dump", tempDir.toString(), "--limit", "ten"),
            "ferrite journal dump: Invalid value for option '--limit': 'ten' is not a long");
        assertUsageError(Ferrite.run("journal", "dump", tempDir.toString(), "--limit", "-1"),
            "ferrite journal dump: --limit must be >= 0, was -1");
    }

    @Test
    void shouldRefuseALatencyLogThatCannotBeWrittenBeforeTouchingTheDataDirectory() throws java.io.IOException
    {
        final Path data = tempDir.resolve("data");
        final Path missing = tempDir.resolve("missing").resolve("x.hlog");
        assertUsageError(Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events", "10",
            "--hlog", missing.toString()),
            "ferrite run: --hlog: cannot write the latency log " + missing + ": " + missing.getParent());
        assertUsageError(Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events", "10",
            "--hlog", tempDir.toString()),
            "ferrite run: --hlog must name a file, but " + tempDir + " is a directory");
        assertFalse(java.nio.file.Files.exists(data), "no data directory is created for a refused command");

        // A log inside the data directory the run creates is fine.
        final Ferrite.Result ok = Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events",
            "10", "--hlog", data.resolve("run.hlog").toString());
        assertEquals(FerriteMain.EXIT_OK, ok.exitCode(), ok::toString);
        assertTrue(java.nio.file.Files.size(data.resolve("run.hlog")) > 0);
    }

    @Test
    void shouldRefuseABadCompilerFreezeAndResolveAutoFromTheWaitStrategy()
    {
        final Path data = tempDir.resolve("data");
        assertUsageError(Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events", "10",
            "--freeze-compiler", "sometimes"),
            "ferrite run: --freeze-compiler must be on, off or auto, was 'sometimes'");
        assertUsageError(Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events", "10",
            "--freeze-compiler", "on", "--warmup", "0"),
            "ferrite run: --freeze-compiler on needs a warm-up: --warmup 0 leaves nothing compiled to keep");
        assertFalse(java.nio.file.Files.exists(data), "no data directory is created for a refused command");

        final RunCommand run = new RunCommand();
        run.freezeCompiler = "auto";
        run.warmup = 1_000;
        run.waitStrategy = WaitStrategyType.BUSY_SPIN;
        assertTrue(run.freezesCompiler(2), "auto: a producer and a shared engine busy on 2 cores");
        assertFalse(run.freezesCompiler(3), "auto: a core to spare for the compiler");
        run.threading = ThreadingMode.DEDICATED;
        assertTrue(run.freezesCompiler(3), "auto: dedicated keeps at least three threads busy");
        assertFalse(run.freezesCompiler(4));
        run.threading = ThreadingMode.INVOKER;
        assertFalse(run.freezesCompiler(1), "auto: never with invoker, one busy thread whose loop is not warmed up");
        run.threading = null;
        run.warmup = 0;
        assertFalse(run.freezesCompiler(2), "auto: nothing to keep without a warm-up");
        run.warmup = 1_000;
        for (final WaitStrategyType wait : WaitStrategyType.values())
        {
            run.waitStrategy = wait;
            assertEquals(WaitStrategyType.BUSY_SPIN == wait, run.freezesCompiler(2), "auto with " + wait);
        }
        run.freezeCompiler = "OFF";
        run.waitStrategy = WaitStrategyType.BUSY_SPIN;
        assertFalse(run.freezesCompiler(2), "values in any case, as the enum options take them");
        run.freezeCompiler = "on";
        run.waitStrategy = WaitStrategyType.SLEEPING;
        assertTrue(run.freezesCompiler(64));

        // Not asked for, so not in the JVM: the summary says null.
        final Ferrite.Result ok = Ferrite.run("run", "--workload", "trading", "--data", data.toString(), "--events",
            "10", "--warmup", "0", "--json");
        assertEquals(FerriteMain.EXIT_OK, ok.exitCode(), ok::toString);
        assertTrue(ok.out().contains("\"compilerFreeze\":null"), ok::toString);
    }

    @Test
    void shouldExitWithUsageCodeNamingAMissingDirectory()
    {
        final Path missing = tempDir.resolve("missing");

        assertUsageError(Ferrite.run("journal", "verify", missing.toString()),
            "ferrite journal verify: no such directory: " + missing);
    }

    @Test
    void shouldExitWithUsageCodeNamingAFileGivenAsDirectory() throws Exception
    {
        final Path file = Files.writeString(tempDir.resolve("file.txt"), "not a directory");

        assertUsageError(Ferrite.run("journal", "info", file.toString()),
            "ferrite journal info: not a directory: " + file);
    }

    @Test
    void shouldListKnownWorkloadsForAnUnknownOne()
    {
        final Ferrite.Result result = Ferrite.run("journal", "dump", tempDir.toString(), "--workload", "nope");

        assertUsageError(result, "ferrite journal dump: unknown workload 'nope'; known: ");
        assertTrue(result.errLines()[0].contains(CounterWorkload.NAME), result::toString);
    }

    @Test
    void shouldShowStackTraceOfAUsageErrorOnlyWhenVerbose()
    {
        final Ferrite.Result result;
        try
        {
            result = Ferrite.run("journal", "info", "--verbose", "--bogus", tempDir.toString());
        }
        finally
        {
            // --verbose raises the log level for the rest of the JVM: keep it to this test.
            System.clearProperty("org.slf4j.simpleLogger.defaultLogLevel");
        }

        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        assertTrue(result.err().contains("\tat picocli."), result::toString);
    }

    @Test
    void shouldListWorkloadsFromServiceLoaderAsJson()
    {
        final Ferrite.Result result = Ferrite.run("workloads", "--json");

        assertEquals(FerriteMain.EXIT_OK, result.exitCode(), result::toString);
        final Map<String, Object> json = result.json();
        assertEquals(Boolean.TRUE, json.get("ok"));
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> workloads = (List<Map<String, Object>>)json.get("workloads");
        assertTrue(workloads.stream().anyMatch(workload -> CounterWorkload.NAME.equals(workload.get("name")) &&
            CounterWorkload.class.getName().equals(workload.get("class")) &&
            Long.valueOf(64).equals(workload.get("maxEventLength"))), result::toString);
    }

    @Test
    void shouldFindWorkloadsListedByAJarOrDirectoryOnTheWorkloadPath() throws Exception
    {
        final Path plugin = servicesDirectory("plugin", PluginWorkload.class.getName());

        final Ferrite.Result without = Ferrite.run("workloads", "--json");
        final Ferrite.Result with = Ferrite.run("workloads", "--json", "--workload-path", plugin.toString());

        assertEquals(FerriteMain.EXIT_OK, with.exitCode(), with::toString);
        assertFalse(names(without).contains(PluginWorkload.NAME), without::toString);
        assertTrue(names(with).contains(PluginWorkload.NAME), with::toString);
        assertTrue(names(with).contains(CounterWorkload.NAME), "the class path's own stay: " + with);
    }

    @Test
    void shouldReportABrokenProviderWithoutHidingTheOthers() throws Exception
    {
        final Path broken = servicesDirectory("broken", "com.example.NoSuchWorkload");

        final Ferrite.Result list = Ferrite.run("workloads", "--json", "--workload-path", broken.toString());
        assertEquals(FerriteMain.EXIT_FAILURE, list.exitCode(), list::toString);
        assertEquals(false, list.json().get("ok"));
        assertTrue(names(list).contains(CounterWorkload.NAME), list::toString);
        assertTrue(list.json().get("problems").toString().contains("com.example.NoSuchWorkload"), list::toString);
        assertEquals(1, list.errLines().length, list::toString);

        final Ferrite.Result unknown = Ferrite.run("journal", "dump", tempDir.toString(), "--workload", "nope",
            "--workload-path", broken.toString());
        assertUsageError(unknown, "ferrite journal dump: unknown workload 'nope'; known: ");
        assertTrue(unknown.errLines()[0].contains("com.example.NoSuchWorkload"), "says why one is missing: " +
            unknown);
    }

    @Test
    void shouldRejectAWorkloadPathEntryThatDoesNotExist()
    {
        final Path missing = tempDir.resolve("missing.jar");

        assertUsageError(Ferrite.run("workloads", "--workload-path", missing.toString()),
            "ferrite workloads: --workload-path entry does not exist: " + missing);
    }

    private Path servicesDirectory(final String name, final String provider) throws Exception
    {
        final Path services = Files.createDirectories(tempDir.resolve(name).resolve("META-INF/services"));
        Files.writeString(services.resolve("io.ferrite.engine.processor.Workload"), provider + "\n");
        return tempDir.resolve(name);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> names(final Ferrite.Result result)
    {
        return ((List<Map<String, Object>>)result.json().get("workloads")).stream()
            .map(workload -> workload.get("name")).toList();
    }

    @Test
    void shouldRefuseADashboardWithoutDataOrWithABadPortAsUsageErrors() throws Exception
    {
        assertUsageError(Ferrite.run("dashboard"), "ferrite dashboard: Missing required option: '--data=DIR'");
        assertUsageError(Ferrite.run("dashboard", "--data", tempDir.toString(), "--port", "70000"),
            "ferrite dashboard: --port must be in [0, 65535], was 70000");
        final Path file = tempDir.resolve("not-a-directory");
        Files.writeString(file, "x");
        assertUsageError(Ferrite.run("dashboard", "--data", file.toString(), "--port", "0"),
            "ferrite dashboard: --data " + file + " is a file: give an engine's data directory");
        assertUsageError(Ferrite.run("dashboard", "--data", tempDir.toString(), "--data",
            tempDir.resolve(".").toString(), "--port", "0"), "ferrite dashboard: --data " + tempDir.resolve(".") +
            " is given twice");
    }

    static void assertUsageError(final Ferrite.Result result, final String firstLinePrefix)
    {
        assertEquals(FerriteMain.EXIT_USAGE, result.exitCode(), result::toString);
        final String[] lines = result.errLines();
        assertEquals(2, lines.length, () -> "want one error line and one hint: " + result);
        assertTrue(lines[0].startsWith(firstLinePrefix), () -> "want '" + firstLinePrefix + "...': " + result);
        assertTrue(lines[1].matches("Try 'ferrite( \\w+)* --help' for usage\\."), result::toString);
        assertFalse(result.err().contains("Exception"), result::toString);
        assertEquals("", result.out(), "nothing on stdout for a usage error");
    }
}
