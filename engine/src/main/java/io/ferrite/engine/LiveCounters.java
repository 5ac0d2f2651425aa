package io.ferrite.engine;

import io.ferrite.engine.processor.DomainCounter;
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
    final AtomicCounter lastSnapshotSequence;
    final AtomicCounter lastSnapshotWriteMicros;
    private final CountersFile file;

    LiveCounters(final EngineConfiguration config, final long journalTail)
    {
        final List<ProcessorSpec> processors = config.pipeline.processors();
        final int sinkCount = config.sinks.size();
        int domainCounters = 0;
        for (final ProcessorSpec processor : processors)
        {
            domainCounters += processor.processor().domainCounters().size();
        }
        file = CountersFile.create(config.dataDirectory, 11 + 2 * processors.size() + sinkCount + domainCounters);
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
        lastSnapshotSequence = file.newCounter(CountersDescriptor.TYPE_LAST_SNAPSHOT_SEQUENCE, "last snapshot sequence");
        lastSnapshotWriteMicros =
            file.newCounter(CountersDescriptor.TYPE_LAST_SNAPSHOT_MICROS, "last snapshot write micros");
        errors = file.newCounter(CountersDescriptor.TYPE_ERRORS, "errors");
        file.newCounter(CountersDescriptor.TYPE_RING_CAPACITY, "ring capacity").setRelease(config.ringSize);
        for (final ProcessorSpec processor : processors)
        {
            // Placed before any agent exists: the processor's own thread only ever sees the placed counter.
            for (final DomainCounter counter : processor.processor().domainCounters())
            {
                counter.place(file.newCounter(
                    CountersDescriptor.TYPE_DOMAIN, "domain: " + processor.name() + ": " + counter.name()));
            }
        }
        published.setRelease(journalTail);
        journaled.setRelease(journalTail);
    }

    /** Leave the final values in the file for readers; only the mapping goes. */
    public void close()
    {
        file.close();
    }
}
