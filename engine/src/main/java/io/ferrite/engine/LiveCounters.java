package io.ferrite.engine;

import io.ferrite.engine.processor.ProcessorSpec;
import io.ferrite.engine.inspect.CountersDescriptor;
import org.agrona.concurrent.status.AtomicCounter;

import java.util.List;

/**
 * The engine's counters in its {@link CountersFile}, one per role, allocated at start before any agent exists so that
 * every agent receives its counters in its constructor.
 */
final class LiveCounters implements AutoCloseable
{
    final AtomicCounter published;
    final AtomicCounter journaled;
    final AtomicCounter[] processed;
    final AtomicCounter[] emitted;
    final AtomicCounter[] sinkConsumed;
    final AtomicCounter snapshots;
    final AtomicCounter errors;
    private final CountersFile file;

    LiveCounters(final EngineConfiguration config, final long journalTail)
    {
        final List<ProcessorSpec> processors = config.pipeline.processors();
        final int sinkCount = config.sinks.size();
        file = CountersFile.create(config.dataDirectory, 8 + 2 * processors.size() + sinkCount);
        published = file.newCounter(CountersDescriptor.TYPE_PUBLISHED, "published");
        journaled = file.newCounter(CountersDescriptor.TYPE_JOURNALED, "journaled");
        processed = new AtomicCounter[processors.size()];
        emitted = new AtomicCounter[processors.size()];
        for (int i = 0; i < processors.size(); i++)
        {
            final String name = processors.get(i).name();
            processed[i] = file.newCounter(CountersDescriptor.TYPE_PROCESSED, "processed: " + name);
            emitted[i] = file.newCounter(CountersDescriptor.TYPE_EMITTED, "emitted: " + name);
        }
        sinkConsumed = new AtomicCounter[sinkCount];
        int s = 0;
        for (final String sink : config.sinks.keySet())
        {
            sinkConsumed[s++] = file.newCounter(CountersDescriptor.TYPE_SINK_CONSUMED, "consumed: " + SinkAgent.PREFIX + sink);
        }
        snapshots = file.newCounter(CountersDescriptor.TYPE_SNAPSHOTS, "snapshots written");
        errors = file.newCounter(CountersDescriptor.TYPE_ERRORS, "errors");
        published.setRelease(journalTail);
        journaled.setRelease(journalTail);
    }

    /** Leave the final values in the file for readers; only the mapping goes. */
    public void close()
    {
        file.close();
    }
}
