package io.ferrite.tools;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shaded jar as a user runs it: {@code java -jar target/ferrite.jar ...} in a child JVM with no flags at all, on
 * the JDK running the build and on every other JDK 17+ installed next to it, so the manifest's Add-Opens/Add-Exports
 * are what makes it work. The test workloads come in through {@code --workload-path}, the documented way to plug in
 * one's own. Runs whose JIT warm-up is beside the point pass {@code --warmup 0} (it costs seconds in a cold JVM); the
 * launcher-script run and the halting workload keep {@code run}'s default warm-up, as a user's first command does.
 */
@Tag("slow")
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class FerriteJarIT
{
    private static final Path JAR = Path.of(System.getProperty("ferrite.jar", "target/ferrite.jar"));
    private static final Path TEST_CLASSES = Path.of("target", "test-classes");
    private static final Path SCRIPT = Path.of("bin", "ferrite");
    private static final Path JVM_DIRECTORY = Path.of("/usr/lib/jvm");

    @TempDir
    Path tempDir;

    @BeforeAll
    static void jarIsBuilt()
    {
        assertTrue(Files.isRegularFile(JAR), "run `mvn verify` so that the jar is packaged first: " + JAR);
    }

    /**
     * @return the java launcher of the JDK running the tests, then those of other JDKs 17+ under /usr/lib/jvm.
     */
    static List<Path> javaLaunchers() throws IOException
    {
        final Set<Path> launchers = new LinkedHashSet<>();
        launchers.add(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath());
        if (Files.isDirectory(JVM_DIRECTORY))
        {
            try (DirectoryStream<Path> homes = Files.newDirectoryStream(JVM_DIRECTORY))
            {
                for (final Path home : homes)
                {
                    final Path java = home.resolve("bin").resolve("java");
                    if (Files.isExecutable(java) && featureVersion(home) >= 17)
                    {
                        launchers.add(java.toRealPath());
                    }
                }
            }
        }
        return new ArrayList<>(launchers);
    }

    @ParameterizedTest
    @MethodSource("javaLaunchers")
    void shouldRunReplayAndVerifyWithPlainJavaJar(final Path java) throws Exception
    {
        final Path data = tempDir.resolve("data");
        final int feature = featureVersion(java.getParent().getParent());

        final Child version = Child.run(java, "--version");
        assertEquals(0, version.exitCode, version::toString);
        assertTrue(version.out.startsWith("ferrite "), version::toString);
        assertEquals("", version.err, version::toString);

        final Child run = Child.run(java, "run", "--workload", CounterWorkload.NAME, "--workload-path",
            TEST_CLASSES.toString(), "--data", data.toString(), "--events", "20000", "--digest-every", "1000",
            "--warmup", "0", "--json");
        assertEquals(0, run.exitCode, run::toString);
        assertQuiet(run, feature);
        assertEquals(20_000L, run.json().get("lastSequence"));

        final Child replay = Child.run(java, "replay", data.toString(), "--workload", CounterWorkload.NAME,
            "--workload-path", TEST_CLASSES.toString(), "--json");
        assertEquals(0, replay.exitCode, replay::toString);
        assertQuiet(replay, feature);
        assertEquals(run.json().get("stateDigest"), replay.json().get("stateDigest"));
        assertEquals(20L, replay.json().get("digestsChecked"));

        final Child verify = Child.run(java, "journal", "verify", data.toString(), "--json");
        assertEquals(0, verify.exitCode, verify::toString);
        assertQuiet(verify, feature);
        assertEquals(true, verify.json().get("ok"));
        assertEquals(20_000L, verify.json().get("records"));

        final Child badFlag = Child.run(java, "journal", "verify", data.toString(), "--no-such-flag");
        assertEquals(2, badFlag.exitCode, badFlag::toString);
        assertEquals(List.of("ferrite journal verify: Unknown option: '--no-such-flag'",
            "Try 'ferrite journal verify --help' for usage."), badFlag.err.lines().toList());
        assertEquals("", badFlag.out, badFlag::toString);
    }

    @ParameterizedTest
    @MethodSource("javaLaunchers")
    void shouldRunTheBundledTradingWorkloadThroughTheLauncherScriptWithAnEmptyStderr(final Path java)
        throws Exception
    {
        final Path javaHome = java.getParent().getParent();
        final Path data = tempDir.resolve("trading");

        final Child workloads = Child.runScript(javaHome, "workloads", "--json");
        assertEquals(0, workloads.exitCode, workloads::toString);
        assertTrue(workloads.out.contains("\"name\":\"trading\""), "the shaded jar merged the examples' " +
            "META-INF/services: " + workloads);

        final Child run = Child.runScript(javaHome, "run", "--workload", "trading", "--data", data.toString(),
            "--events", "20000", "--json");
        assertEquals(0, run.exitCode, run::toString);
        assertEquals("", run.err, run::toString);

        final Child replay = Child.runScript(javaHome, "replay", data.toString(), "--workload", "trading", "--json");
        assertEquals(0, replay.exitCode, replay::toString);
        assertEquals("", replay.err, replay::toString);
        assertEquals(run.json().get("stateDigest"), replay.json().get("stateDigest"));
    }

    /**
     * bin/ferrite's class-data sharing on the JDK running the build, on a copy of the jar in its own directory. JDK 25
     * and later: the first run records an AOT configuration, the next command creates the AOT cache from it (output to
     * a log beside the jar) and runs with it. Earlier JDKs: the first run writes a dynamic CDS archive, later ones map
     * it. Either way the commands' stdout is exactly their JSON and stderr stays empty, also once the jar is rebuilt.
     */
    @Test
    void shouldRecordAClassDataSharingArchiveOnTheFirstRunAndUseItAfterwards() throws Exception
    {
        final Path javaHome = javaLaunchers().get(0).getParent().getParent();
        final boolean aotCache = featureVersion(javaHome) >= 25;
        final Path jarDirectory = Files.createDirectories(tempDir.resolve("jar"));
        final Path jar = Files.copy(JAR, jarDirectory.resolve("ferrite.jar"));
        final Path classes = tempDir.resolve("classes.txt");
        final Map<String, String> logClassLoading = Map.of("JAVA_OPTS", "-Xlog:class+load:file=" + classes);

        final Child first = runScriptQuietly(javaHome, jar, Map.of(), "run", "--workload", "trading", "--data",
            tempDir.resolve("first").toString(), "--events", "1000", "--warmup", "0", "--json");
        assertEquals(aotCache ? List.of("ferrite-jdk*-*-*.aotconf", "ferrite.jar") : List.of("ferrite-jdk*-*.jsa",
            "ferrite.jar"), filesIn(jarDirectory), "recorded by the first run");

        final Child second = runScriptQuietly(javaHome, jar, logClassLoading, "run", "--workload", "trading",
            "--data", tempDir.resolve("second").toString(), "--events", "1000", "--warmup", "0", "--json");
        assertEquals(first.json().get("stateDigest"), second.json().get("stateDigest"));
        assertEquals(aotCache ? List.of("ferrite-jdk*-*.aot", "ferrite-jdk*-*.aot.log", "ferrite.jar") :
            List.of("ferrite-jdk*-*.jsa", "ferrite.jar"), filesIn(jarDirectory));
        assertTrue(loadedFromArchive(classes), "the second run maps the archive");
        if (aotCache)
        {
            for (final Path file : List.of(onlyFile(jarDirectory, "*.aot"), onlyFile(jarDirectory, "*.aot.log")))
            {
                assertTrue(Files.getPosixFilePermissions(file).stream().allMatch(p -> p.name().startsWith("OWNER")),
                    () -> "owner-only: " + file);
            }
        }

        // A rebuilt jar: never a warning; JDK 25+ deletes the stale cache, earlier JDKs skip the archive.
        Files.setLastModifiedTime(jar, FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        final Child rebuilt = runScriptQuietly(javaHome, jar, logClassLoading, "journal", "verify",
            tempDir.resolve("second").toString(), "--json");
        assertEquals(true, rebuilt.json().get("ok"), rebuilt::toString);
        assertFalse(loadedFromArchive(classes), "a stale archive is not used");
        if (aotCache)
        {
            assertEquals(List.of("ferrite.jar"), filesIn(jarDirectory), "the stale cache and its log are deleted");
        }
    }

    /**
     * A jar in a directory whose name holds a space: the archive options would split there (the JVM would take the rest
     * of the path as its main class), so the script runs without class-data sharing and writes nothing beside the jar.
     */
    @Test
    void shouldRunWithoutAnArchiveWhenTheJarDirectoryNameHoldsASpace() throws Exception
    {
        final Path javaHome = javaLaunchers().get(0).getParent().getParent();
        final Path jarDirectory = Files.createDirectories(tempDir.resolve("my jars"));
        final Path jar = Files.copy(JAR, jarDirectory.resolve("ferrite.jar"));

        final Child run = runScriptQuietly(javaHome, jar, Map.of(), "run", "--workload", "trading", "--data",
            tempDir.resolve("data").toString(), "--events", "1000", "--warmup", "0", "--json");

        assertEquals(1000L, ((Number)run.json().get("events")).longValue(), run::toString);
        assertEquals(List.of("ferrite.jar"), filesIn(jarDirectory), "no archive beside a jar in such a directory");
    }

    /**
     * @return the script's result, having checked that it succeeded with its JSON alone on stdout and nothing on stderr.
     */
    private static Child runScriptQuietly(
        final Path javaHome, final Path jar, final Map<String, String> env, final String... args) throws Exception
    {
        final Child child = Child.runScript(javaHome, jar, env, args);
        assertEquals(0, child.exitCode, child::toString);
        assertEquals("", child.err, child::toString);
        assertEquals(1, child.out.lines().count(), child::toString);
        assertTrue(child.out.startsWith("{\"ok\":true,") && child.out.endsWith("}\n"), child::toString);
        return child;
    }

    /**
     * @return the names of the files in the directory, each run of digits replaced by {@code *}, sorted.
     */
    private static List<String> filesIn(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.map(file -> file.getFileName().toString().replaceAll("[0-9]+", "*")).sorted().toList();
        }
    }

    private static Path onlyFile(final Path directory, final String glob) throws IOException
    {
        final List<Path> matches = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob))
        {
            files.forEach(matches::add);
        }
        assertEquals(1, matches.size(), () -> glob + " in " + directory + ": " + matches);
        return matches.get(0);
    }

    /**
     * @return whether the class-loading log (-Xlog:class+load) shows the CLI's main class coming from a CDS archive or
     * AOT cache.
     */
    private static boolean loadedFromArchive(final Path classLoadingLog) throws IOException
    {
        try (Stream<String> lines = Files.lines(classLoadingLog, StandardCharsets.UTF_8))
        {
            final String mapped = " " + FerriteMain.class.getName() + " source: shared objects file";
            return lines.anyMatch(line -> line.contains(mapped));
        }
    }

    @Test
    void shouldReportAHaltedEngineInOneLineWithoutAStackTrace() throws Exception
    {
        final Path javaHome = javaLaunchers().get(0).getParent().getParent();

        final Child run = Child.runScript(javaHome, "run", "--workload", FailingWorkload.NAME, "--workload-path",
            TEST_CLASSES.toString(), "--data", tempDir.resolve("data").toString(), "--events", "5000", "--json");

        assertEquals(1, run.exitCode, run::toString);
        assertEquals(1, run.err.lines().count(), "one line, no log, no stack trace: " + run);
        assertTrue(run.err.startsWith("ferrite run: error: the engine "), run::toString);
        assertEquals(false, run.json().get("ok"));
    }

    @Test
    void shouldReachTheUninterruptedDigestAfterAKill9AndARestart() throws Exception
    {
        final Path java = javaLaunchers().get(0);
        final Path data = tempDir.resolve("killed");
        final String events = "60000";
        final String[] runArgs = {
            "run", "--workload", CounterWorkload.NAME, "--workload-path", TEST_CLASSES.toString(),
            "--data", data.toString(), "--events", events, "--snapshot-every", "5000", "--warmup", "0", "--json"};

        // Offered at 10k/s, so the run is mid-way when killed; the restart runs flat out.
        final Path victimErr = tempDir.resolve("victim-stderr.txt");
        final Process victim = Child.start(java, victimErr, Ferrite.concat(runArgs, "--rate", "10000"));
        try
        {
            awaitJournalHolds(data, 12_000, victim, victimErr);
        }
        finally
        {
            victim.destroyForcibly();
            victim.waitFor(30, TimeUnit.SECONDS);
        }
        assertFalse(victim.isAlive());

        final Child restarted = Child.run(java, runArgs);
        assertEquals(0, restarted.exitCode, restarted::toString);
        final Map<String, Object> json = restarted.json();
        assertEquals(60_000L, json.get("lastSequence"));
        @SuppressWarnings("unchecked")
        final Map<String, Object> recovery = (Map<String, Object>)json.get("recovery");
        assertTrue((Long)recovery.get("journalTail") >= 12_000, restarted::toString);
        assertTrue((Long)recovery.get("snapshotSequence") >= 10_000, "recovered from a snapshot: " + restarted);

        final Ferrite.Result uninterrupted = Ferrite.run("run", "--workload", CounterWorkload.NAME,
            "--data", tempDir.resolve("uninterrupted").toString(), "--events", events, "--json");
        assertEquals(0, uninterrupted.exitCode(), uninterrupted::toString);
        assertEquals(uninterrupted.json().get("stateDigest"), json.get("stateDigest"));
    }

    @Test
    void shouldDrainAndReportWhenTerminated() throws Exception
    {
        final Path java = javaLaunchers().get(0);
        final Path data = tempDir.resolve("terminated");
        final Path out = tempDir.resolve("terminated-stdout.txt");
        final Path err = tempDir.resolve("terminated-stderr.txt");
        final List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString(),
            "run", "--workload", CounterWorkload.NAME, "--workload-path", TEST_CLASSES.toString(),
            "--data", data.toString(), "--events", "1000000", "--rate", "10000", "--warmup", "0", "--json"));
        final Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            .start();

        awaitJournalHolds(data, 5_000, process, err);
        process.destroy();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "drains and exits");

        assertEquals(143, process.exitValue(), "the JVM's exit status for SIGTERM");
        final Map<String, Object> json = Json.parseObject(Files.readString(out, StandardCharsets.UTF_8));
        assertEquals(true, json.get("interrupted"));
        assertEquals(false, json.get("ok"));
        final long last = (Long)json.get("lastSequence");
        assertTrue(last >= 5_000 && last < 1_000_000, json::toString);
        assertTrue(Files.readString(err, StandardCharsets.UTF_8)
            .contains("ferrite run: error: interrupted at sequence " + last), "names where it stopped");

        final Ferrite.Result verify = Ferrite.run("journal", "verify", data.toString(), "--json");
        assertEquals(true, verify.json().get("ok"), verify::toString);
        assertEquals(last, verify.json().get("records"), "everything published was journaled");
    }

    @Test
    void shouldServeTheDashboardOfARunInAnotherProcess() throws Exception
    {
        final Path java = javaLaunchers().get(0);
        final Path data = tempDir.resolve("watched");
        final Path runErr = tempDir.resolve("run-stderr.txt");
        final Process run = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "run", "--workload", "trading",
            "--data", data.toString(), "--events", "10000000", "--rate", "5000", "--warmup", "0")
            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(runErr.toFile()).start();
        final Path dashOut = tempDir.resolve("dashboard-stdout.txt");
        final Path dashErr = tempDir.resolve("dashboard-stderr.txt");
        final Process dashboard = new ProcessBuilder(java.toString(), "-jar", JAR.toString(), "dashboard",
            "--data", data.toString(), "--port", "0", "--json")
            .redirectOutput(dashOut.toFile()).redirectError(dashErr.toFile()).start();
        try
        {
            awaitJournalHolds(data, 1_000, run, runErr);
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            String firstLine = "";
            while (firstLine.isEmpty() && System.nanoTime() < deadline && dashboard.isAlive())
            {
                firstLine = Files.readString(dashOut, StandardCharsets.UTF_8).strip();
                Thread.sleep(50);
            }
            assertTrue(dashboard.isAlive(), () -> "dashboard ended: " + readQuietly(dashErr));
            final Map<String, Object> started = Json.parseObject(firstLine);
            assertEquals(true, started.get("ok"));
            final URI uri = URI.create((String)started.get("url"));
            assertEquals("127.0.0.1", uri.getHost(), "binds to loopback unless told otherwise");

            final HttpClient client = HttpClient.newHttpClient();
            Map<String, Object> engine = Map.of();
            while (System.nanoTime() < deadline)
            {
                final String body = client.send(HttpRequest.newBuilder(uri.resolve("/api/engines")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
                @SuppressWarnings("unchecked")
                final Map<String, Object> first =
                    (Map<String, Object>)((List<?>)Json.parseObject(body).get("engines")).get(0);
                engine = first;
                if ("running".equals(engine.get("status")) && (Long)engine.get("published") > 1_000 &&
                    !((List<?>)engine.get("domain")).isEmpty())
                {
                    break;
                }
                Thread.sleep(200);
            }
            assertEquals("running", engine.get("status"), engine::toString);
            assertEquals("watched", engine.get("name"));
            final String metrics = client.send(HttpRequest.newBuilder(uri.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(metrics.contains("ferrite_events_processed_total{engine=\"watched\",processor=\"matching\"}"),
                metrics);
        }
        finally
        {
            run.destroy();
            dashboard.destroy();
            assertTrue(run.waitFor(60, TimeUnit.SECONDS), "the run drains and exits");
            assertTrue(dashboard.waitFor(30, TimeUnit.SECONDS), "the dashboard stops on SIGTERM");
        }
    }

    private static String readQuietly(final Path file)
    {
        try
        {
            return Files.readString(file, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return "(cannot read " + file + ": " + ex + ")";
        }
    }

    /**
     * Poll the journal (read-only, as {@code ferrite journal info} does) until it holds enough, while the writer runs.
     */
    private static void awaitJournalHolds(
        final Path data, final long records, final Process writer, final Path writerErr) throws Exception
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline)
        {
            if (!writer.isAlive())
            {
                throw new AssertionError("the run ended (exit " + writer.exitValue() + ") before it could be " +
                    "killed: " + Files.readString(writerErr, StandardCharsets.UTF_8));
            }
            if (Files.isDirectory(data.resolve(DataLayout.JOURNAL)))
            {
                final Ferrite.Result info = Ferrite.run("journal", "info", data.toString(), "--json");
                if (0 == info.exitCode() && (Long)info.json().get("lastSequence") >= records)
                {
                    return;
                }
            }
            // A poll interval, not a stand-in for synchronisation: the condition is re-checked until the deadline.
            Thread.sleep(50);
        }
        throw new AssertionError("the journal in " + data + " did not reach " + records + " records in 60 s");
    }

    /**
     * Nothing on stderr. The one exception: from JDK 24 the JVM prints a one-time notice that a library (Chronicle
     * Queue) called a terminally deprecated sun.misc.Unsafe method. A jar manifest cannot allow that access (only the
     * command line can; the launcher script does), so it is tolerated there, and nothing else is.
     */
    private static void assertQuiet(final Child child, final int featureVersion)
    {
        String err = child.err;
        if (featureVersion >= 24)
        {
            err = err.replaceAll("(?m)^WARNING: (" +
                "A terminally deprecated method in sun\\.misc\\.Unsafe has been called|" +
                "sun\\.misc\\.Unsafe::\\w+ has been called by .*|" +
                "Please consider reporting this to the maintainers of .*|" +
                "sun\\.misc\\.Unsafe::\\w+ will be removed in a future release)\\R", "");
        }
        assertEquals("", err, "no warnings, no logging: " + child);
    }

    private static int featureVersion(final Path javaHome)
    {
        final Path release = javaHome.resolve("release");
        if (!Files.isRegularFile(release))
        {
            return 0;
        }
        try
        {
            final Properties properties = new Properties();
            properties.load(Files.newBufferedReader(release, StandardCharsets.UTF_8));
            final String version = properties.getProperty("JAVA_VERSION", "\"0\"").replace("\"", "");
            return Integer.parseInt(version.split("[.+-]")[0]);
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    /** A finished child {@code java -jar ferrite.jar} process. */
    private static final class Child
    {
        final String[] command;
        final int exitCode;
        final String out;
        final String err;

        private Child(final String[] command, final int exitCode, final String out, final String err)
        {
            this.command = command;
            this.exitCode = exitCode;
            this.out = out;
            this.err = err;
        }

        static Process start(final Path java, final Path errFile, final String... args) throws IOException
        {
            final List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
            command.addAll(List.of(args));
            return new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(errFile.toFile())
                .start();
        }

        static Child run(final Path java, final String... args) throws Exception
        {
            final List<String> command = new ArrayList<>(List.of(java.toString(), "-jar", JAR.toString()));
            command.addAll(List.of(args));
            return run(new ProcessBuilder(command));
        }

        /**
         * The launcher script on the built jar, class-data sharing off: no archive is written beside target/ferrite.jar
         * (shouldRecordAClassDataSharingArchiveOnTheFirstRunAndUseItAfterwards tests that, on a copy of the jar).
         */
        static Child runScript(final Path javaHome, final String... args) throws Exception
        {
            return runScript(javaHome, JAR, Map.of("FERRITE_CDS", "off"), args);
        }

        static Child runScript(
            final Path javaHome, final Path jar, final Map<String, String> env, final String... args) throws Exception
        {
            final List<String> command = new ArrayList<>(List.of("sh", SCRIPT.toString()));
            command.addAll(List.of(args));
            final ProcessBuilder builder = new ProcessBuilder(command);
            builder.environment().remove("JAVA_OPTS");
            builder.environment().remove("FERRITE_CDS");
            builder.environment().put("JAVA_HOME", javaHome.toString());
            builder.environment().put("FERRITE_JAR", jar.toString());
            builder.environment().putAll(env);
            return run(builder);
        }

        private static Child run(final ProcessBuilder builder) throws Exception
        {
            final List<String> command = builder.command();
            final Path outFile = Files.createTempFile("ferrite-out", ".txt");
            final Path errFile = Files.createTempFile("ferrite-err", ".txt");
            try
            {
                final Process process = builder
                    .redirectOutput(outFile.toFile())
                    .redirectError(errFile.toFile())
                    .start();
                process.getOutputStream().close();
                if (!process.waitFor(2, TimeUnit.MINUTES))
                {
                    process.destroyForcibly();
                    throw new AssertionError("timed out: " + command);
                }
                return new Child(command.toArray(String[]::new), process.exitValue(),
                    Files.readString(outFile, StandardCharsets.UTF_8),
                    Files.readString(errFile, StandardCharsets.UTF_8));
            }
            finally
            {
                Files.deleteIfExists(outFile);
                Files.deleteIfExists(errFile);
            }
        }

        Map<String, Object> json()
        {
            return Json.parseObject(out);
        }

        @Override
        public String toString()
        {
            return String.join(" ", command) + "\nexit=" + exitCode + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
        }
    }
}
