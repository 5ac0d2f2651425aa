package io.ferrite.tools;

import io.ferrite.engine.inspect.EngineStat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;

/**
 * {@code ferrite stat DIR}: the live counters of the engine that runs (or last ran) on a data directory, read from its
 * memory-mapped counters file without disturbing it, from any process.
 */
@Command(
    name = "stat",
    mixinStandardHelpOptions = true,
    description = "Show the live counters (published, journaled, processed per processor, consumed per sink, " +
        "snapshots, errors) of the engine running on a data directory, or the last values of the one that ran.")
final class StatCommand extends AbstractCommand
{
    @Parameters(paramLabel = "DIR", description = "The data directory a `ferrite run --data DIR` (or an embedded " +
        "engine) uses.")
    Path directory;

    /**
     * @return {@link FerriteMain#EXIT_OK}, or a failure if there is no counters file.
     */
    @Override
    public Integer call()
    {
        DataLayout.requireDirectory(spec.commandLine(), directory);
        final EngineStat stat = EngineStat.read(directory);
        if (json())
        {
            final JsonWriter json = jsonWriter().beginObject()
                .field("ok", true)
                .field("pid", stat.pid())
                .field("running", stat.running())
                .field("startEpochMillis", stat.startEpochMillis())
                .beginObject("counters");
            for (final Map.Entry<String, Long> counter : stat.counters().entrySet())
            {
                json.field(counter.getKey(), counter.getValue());
            }
            json.endObject().endObject().finish();
            return FerriteMain.EXIT_OK;
        }
        out().printf("engine pid %d (%s), started %s%n", stat.pid(), stat.running() ? "running" : "stopped",
            Instant.ofEpochMilli(stat.startEpochMillis()));
        for (final Map.Entry<String, Long> counter : stat.counters().entrySet())
        {
            out().printf("%-32s %,d%n", counter.getKey(), counter.getValue());
        }
        out().flush();
        return FerriteMain.EXIT_OK;
    }
}
