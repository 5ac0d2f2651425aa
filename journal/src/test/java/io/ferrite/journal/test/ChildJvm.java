package io.ferrite.journal.test;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Starts a main class in a child JVM for system tests: crash (SIGKILL) loops, second processes, clean environments.
 * <p>
 * The child gets the current test classpath ({@code java.class.path}) and the JVM flags the build hands to tests in
 * the system property {@value #JVM_ARGS_PROP_NAME} (the flags Chronicle Queue and Agrona need), plus whatever a test
 * adds or removes. Its standard output and error are captured together, line by line, and a test can wait for a line
 * with a timeout instead of sleeping.
 * <pre>{@code
 * try (ChildJvm child = ChildJvm.builder(AppendLoopMain.class).args(dir.toString()).start())
 * {
 *     child.awaitLine(line -> line.startsWith("READY"), Duration.ofSeconds(30));
 *     child.kill();                       // SIGKILL on Linux
 * }
 * }</pre>
 * Thread safe for one test thread plus the capture thread.
 */
public final class ChildJvm implements AutoCloseable
{
    /** System property holding the JVM flags for child JVMs, set by Surefire and Failsafe. */
    public static final String JVM_ARGS_PROP_NAME = "ferrite.test.jvm.args";

    private final Process process;
    private final List<String> command;
    private final List<String> lines = new ArrayList<>();
    private final Thread capture;

    private ChildJvm(final Process process, final List<String> command)
    {
        this.process = process;
        this.command = command;
        this.capture = new Thread(this::captureOutput, "child-jvm-output-" + process.pid());
        this.capture.setDaemon(true);
        this.capture.start();
    }

    /**
     * @param mainClass the class whose {@code main} the child runs; it must be on the test classpath.
     * @return a builder for the child.
     */
    public static Builder builder(final Class<?> mainClass)
    {
        return new Builder(mainClass.getName());
    }

    /**
     * @return the child's process id.
     */
    public long pid()
    {
        return process.pid();
    }

    /**
     * @return true while the child runs.
     */
    public boolean isAlive()
    {
        return process.isAlive();
    }

    /**
     * Kill the child the hard way ({@link Process#destroyForcibly()}, SIGKILL on Linux: no shutdown hooks, no
     * finalisation) and wait for it to be gone.
     *
     * @return this.
     */
    public ChildJvm kill()
    {
        process.destroyForcibly();
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("child " + pid() + " survived SIGKILL for 30 s");
            }
            capture.join(TimeUnit.SECONDS.toMillis(10));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing child " + pid(), ex);
        }
        return this;
    }

    /**
     * Wait for the child to exit on its own.
     *
     * @param timeout how long to wait before killing it and failing.
     * @return the exit code.
     * @throws IllegalStateException naming the command and its output if it does not exit in time.
     */
    public int waitFor(final Duration timeout)
    {
        try
        {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS))
            {
                kill();
                throw new IllegalStateException("child did not exit within " + timeout + ": " + describe());
            }
            capture.join(TimeUnit.SECONDS.toMillis(10));
            return process.exitValue();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for child " + pid(), ex);
        }
    }

    /**
     * Wait until the child prints a line that matches.
     *
     * @param matcher what to wait for.
     * @param timeout how long to wait.
     * @return the first matching line.
     * @throws IllegalStateException naming the output so far if the child exits or the time runs out first.
     */
    public String awaitLine(final Predicate<String> matcher, final Duration timeout)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines)
        {
            int checked = 0;
            while (true)
            {
                for (; checked < lines.size(); checked++)
                {
                    if (matcher.test(lines.get(checked)))
                    {
                        return lines.get(checked);
                    }
                }
                final long remainingNs = deadline - System.nanoTime();
                if (remainingNs <= 0)
                {
                    throw new IllegalStateException("no matching line within " + timeout + ": " + describe());
                }
                if (!capture.isAlive() && checked == lines.size())
                {
                    throw new IllegalStateException("child exited without a matching line: " + describe());
                }
                try
                {
                    lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remainingNs)));
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for child " + pid(), ex);
                }
            }
        }
    }

    /**
     * Write a line to the child's standard input.
     *
     * @param line to send.
     */
    public void send(final String line)
    {
        try
        {
            final OutputStream in = process.getOutputStream();
            in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            in.flush();
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot write to child " + pid() + ": " + describe(), ex);
        }
    }

    /**
     * @return everything the child printed so far, one line per line.
     */
    public String output()
    {
        synchronized (lines)
        {
            return String.join(System.lineSeparator(), lines);
        }
    }

    /**
     * Kill the child if it still runs.
     */
    @Override
    public void close()
    {
        if (process.isAlive())
        {
            kill();
        }
    }

    private String describe()
    {
        return "command " + command + System.lineSeparator() + "--- output ---" + System.lineSeparator() + output();
    }

    private void captureOutput()
    {
        try (BufferedReader reader = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)))
        {
            String line;
            while (null != (line = reader.readLine()))
            {
                synchronized (lines)
                {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        }
        catch (final IOException ignore)
        {
            // The stream closes when the child dies; what was read is kept.
        }
        finally
        {
            synchronized (lines)
            {
                lines.notifyAll();
            }
        }
    }

    /**
     * Configures and starts a {@link ChildJvm}.
     */
    public static final class Builder
    {
        private final String mainClass;
        private final List<String> jvmArgs = new ArrayList<>();
        private final List<String> args = new ArrayList<>();
        private final List<String> classpathExclusions = new ArrayList<>();

        private Builder(final String mainClass)
        {
            this.mainClass = mainClass;
            final String inherited = System.getProperty(JVM_ARGS_PROP_NAME, "").trim();
            if (!inherited.isEmpty())
            {
                jvmArgs.addAll(Arrays.asList(inherited.split("\\s+")));
            }
        }

        /**
         * @param arg a JVM flag to add, e.g. {@code -Xmx256m} or {@code -Dname=value}.
         * @return this.
         */
        public Builder jvmArg(final String arg)
        {
            jvmArgs.add(arg);
            return this;
        }

        /**
         * @param prefix drop every inherited or added JVM flag that starts with it, e.g.
         *               {@code -Dchronicle.analytics.disable}.
         * @return this.
         */
        public Builder withoutJvmArgsStartingWith(final String prefix)
        {
            jvmArgs.removeIf(arg -> arg.startsWith(prefix));
            return this;
        }

        /**
         * @param fragment drop classpath entries whose path contains it, e.g. {@code junit}.
         * @return this.
         */
        public Builder withoutClasspathEntriesContaining(final String fragment)
        {
            classpathExclusions.add(fragment);
            return this;
        }

        /**
         * @param args program arguments for the child's {@code main}.
         * @return this.
         */
        public Builder args(final String... args)
        {
            this.args.addAll(Arrays.asList(args));
            return this;
        }

        /**
         * @return the running child.
         */
        public ChildJvm start()
        {
            final List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(jvmArgs);
            command.add("-cp");
            command.add(classpath());
            command.add(mainClass);
            command.addAll(args);
            try
            {
                final Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
                return new ChildJvm(process, command);
            }
            catch (final IOException ex)
            {
                throw new IllegalStateException("cannot start " + command, ex);
            }
        }

        private String classpath()
        {
            final List<String> kept = new ArrayList<>();
            for (final String entry : System.getProperty("java.class.path").split(File.pathSeparator))
            {
                if (classpathExclusions.stream().noneMatch(entry::contains))
                {
                    kept.add(entry);
                }
            }
            return String.join(File.pathSeparator, kept);
        }
    }
}
