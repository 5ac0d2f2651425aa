package io.ferrite.engine;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * How much CPU time the JVM's JIT compiler threads have used, read from Linux's per-thread scheduler statistics
 * ({@code /proc/self/task/TID/schedstat}, nanoseconds on a CPU, for the threads named {@code C1 CompilerThre…} and
 * {@code C2 CompilerThre…}).
 * <p>
 * The warm-up needs to know whether a compilation is still running. {@code CompilationMXBean} only counts a
 * compilation once it has finished, and the optimising compiler takes 100 ms or more over one large hot method on a
 * small machine, so "no compilation finished for 50 ms" said nothing about the one in flight (measured: the C2
 * compilations of {@code MatchingProcessor.onEvent} and {@code ProcessorAgent.handle} were still running when the real
 * engine started, and held a core in its first 0.2 s). A compiler thread that gains CPU time is working.
 * <p>
 * Read only between warm-up rounds, never on a hot path: each reading lists the process's threads.
 */
final class CompilerActivity
{
    /** What {@link #cpuNanos()} returns where the statistics cannot be read. */
    static final long UNAVAILABLE = -1;

    private static final Path TASKS = Paths.get("/proc/self/task");

    private CompilerActivity()
    {
    }

    /**
     * @return the CPU time, in ns, that the JIT compiler threads alive now have used, or {@link #UNAVAILABLE} where
     * the statistics cannot be read (not Linux, or a kernel without them).
     */
    static long cpuNanos()
    {
        long total = 0;
        boolean found = false;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(TASKS))
        {
            for (final Path task : tasks)
            {
                final long nanos = compilerThreadNanos(task);
                if (nanos >= 0)
                {
                    total += nanos;
                    found = true;
                }
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            // Best effort, for timing only: a directory that cannot be listed (or stops being) tells nothing.
            return UNAVAILABLE;
        }
        return found ? total : UNAVAILABLE;
    }

    /**
     * @return the CPU time of the thread at {@code task} if it is a JIT compiler thread, else -1 (also when the thread
     * ended while being read).
     */
    private static long compilerThreadNanos(final Path task)
    {
        try
        {
            final String name = Files.readString(task.resolve("comm")).trim();
            if (!isCompilerThread(name))
            {
                return -1;
            }
            return onCpuNanos(Files.readString(task.resolve("schedstat")));
        }
        catch (final IOException | RuntimeException ex)
        {
            return -1;
        }
    }

    /**
     * @param name a thread's name as Linux keeps it (the first 15 bytes).
     * @return whether it names a HotSpot JIT compiler thread.
     */
    static boolean isCompilerThread(final String name)
    {
        return name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre");
    }

    /**
     * @param schedstat the content of a {@code schedstat} file: time on a CPU (ns), time waiting to run (ns),
     *                  number of time slices.
     * @return the first field.
     */
    static long onCpuNanos(final String schedstat)
    {
        final String trimmed = schedstat.trim();
        final int space = trimmed.indexOf(' ');
        return Long.parseLong(space < 0 ? trimmed : trimmed.substring(0, space));
    }
}
