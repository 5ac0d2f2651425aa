package io.ferrite.tools;

import io.ferrite.engine.BadRecordPolicy;
import io.ferrite.journal.JournalConfig;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The checks of {@code ferrite run}'s options that picocli cannot make alone (ranges, combinations, sizes); each
 * failure is a usage error naming the option and the value given.
 */
final class RunOptionChecks
{
    /**
     * The largest {@code --warmup}: over thirty times the default, more than the JIT needs. Unbounded, a typo of a few
     * more digits wrote gigabytes a minute into the scratch directory (until {@code --min-free-space}, which the
     * scratch journal keeps too) for as long as the warm-up lasted, before the real run started.
     */
    static final long MAX_WARMUP_EVENTS = 10_000_000;

    private RunOptionChecks()
    {
    }

    /**
     * Check the options of a {@code run} that picocli cannot check alone.
     *
     * @param run the parsed command.
     * @return the free-space floor in bytes, or {@link JournalConfig#MIN_FREE_SPACE_AUTO}.
     * @throws picocli.CommandLine.ParameterException naming the bad option and value.
     */
    static long validate(final RunCommand run)
    {
        if (run.data.toString().isBlank())
        {
            // Path.of("") is the working directory: an unset variable in --data "$DIR" must not write the data there.
            throw run.usageError("--data must not be empty");
        }
        if (null == run.events && null == run.sourceUri)
        {
            throw run.usageError("--events N is required without --source");
        }
        if (null != run.events && run.events < 0)
        {
            throw run.usageError("--events must be >= 0, was " + run.events);
        }
        if (null != run.sourceUri && 0 != run.rate)
        {
            throw run.usageError("--rate paces the workload generator: it cannot be used with --source");
        }
        if (run.rate < 0)
        {
            throw run.usageError("--rate must be >= 0, was " + run.rate);
        }
        if (run.ringSize < 2 || 1 != Integer.bitCount(run.ringSize))
        {
            throw run.usageError("--ring-size must be a power of two >= 2, was " + run.ringSize);
        }
        if (null == run.sourceUri && BadRecordPolicy.HALT != run.badRecordPolicy)
        {
            throw run.usageError("--on-bad-record " + run.badRecordPolicy.name().toLowerCase(Locale.ROOT) +
                " applies to records read from a --source: the workload's generator makes no bad records");
        }
        if (run.warmup < 0 || run.warmup > MAX_WARMUP_EVENTS)
        {
            throw run.usageError("--warmup must be between 0 and " + MAX_WARMUP_EVENTS + ", was " + run.warmup +
                ": its scratch journal grows with it, and a few hundred thousand events compile the hot path");
        }
        // Refuses a bad --freeze-compiler, or "on" without a warm-up.
        run.freezesCompiler();
        if (run.snapshotEvery < 0)
        {
            throw run.usageError("--snapshot-every must be >= 0, was " + run.snapshotEvery);
        }
        if (run.digestEvery < 0)
        {
            throw run.usageError("--digest-every must be >= 0, was " + run.digestEvery);
        }
        if (run.stopTimeoutSeconds <= 0)
        {
            throw run.usageError("--stop-timeout must be > 0, was " + run.stopTimeoutSeconds);
        }
        if (null != run.hlog)
        {
            final Path parent = run.hlog.toAbsolutePath().getParent();
            if (Files.isDirectory(run.hlog))
            {
                throw run.usageError("--hlog must name a file, but " + run.hlog + " is a directory");
            }
            // The data directory may not exist yet: the engine creates it before it opens the log.
            final boolean inNewDataDirectory = !Files.exists(run.data) &&
                run.data.toAbsolutePath().normalize().equals(null == parent ? null : parent.normalize());
            if (!inNewDataDirectory && (null == parent || !Files.isDirectory(parent) || !Files.isWritable(parent)))
            {
                throw run.usageError("--hlog: cannot write the latency log " + run.hlog + ": " + parent +
                    " is not a writable directory");
            }
        }
        final long minFreeSpaceBytes = parseSize(run, run.minFreeSpace);
        if (Files.exists(run.data) && !Files.isDirectory(run.data))
        {
            throw run.usageError("--data must name a directory (an existing one, or one to create), but " + run.data +
                " is a file");
        }
        return minFreeSpaceBytes;
    }

    private static long parseSize(final RunCommand run, final String text)
    {
        final String value = text.trim().toLowerCase(Locale.ROOT);
        if ("auto".equals(value))
        {
            return JournalConfig.MIN_FREE_SPACE_AUTO;
        }
        final char unit = value.isEmpty() ? ' ' : value.charAt(value.length() - 1);
        final int shift = 'k' == unit ? 10 : 'm' == unit ? 20 : 'g' == unit ? 30 : 0;
        try
        {
            final long number = Long.parseLong(0 == shift ? value : value.substring(0, value.length() - 1));
            if (number < 0 || number > (Long.MAX_VALUE >> shift))
            {
                throw run.usageError("--min-free-space must be >= 0, was " + text);
            }
            return number << shift;
        }
        catch (final NumberFormatException ex)
        {
            throw run.usageError(
                "--min-free-space must be 'auto', a byte count or one with a k/m/g suffix, was " + text);
        }
    }
}
