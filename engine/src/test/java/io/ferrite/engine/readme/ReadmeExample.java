package io.ferrite.engine.readme;

import io.ferrite.engine.Engine;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.StatefulProcessor;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The embedding example shown in README.md; ReadmeExampleTest checks the README shows exactly this code and runs it.
 */
public final class ReadmeExample
{
    private ReadmeExample()
    {
    }

    /**
     * @param dir data directory.
     * @return the total the processor reached.
     */
    public static long run(final Path dir)
    {
        // README-BEGIN
        final class Totaliser implements StatefulProcessor          // one thread, events in sequence order
        {
            long total;
            final UnsafeBuffer out = new UnsafeBuffer(new byte[8]);

            public void onEvent(final EventContext ctx)
            {
                total += ctx.buffer().getLong(ctx.payloadOffset());
                out.putLong(0, total);
                ctx.emit(1, out, 0, 8);                             // to the sinks, tagged with ctx.sequence()
            }

            public int writeSnapshot(final MutableDirectBuffer b) { b.putLong(0, total); return 8; }
            public void loadSnapshot(final DirectBuffer b, final int o, final int l) { total = b.getLong(o); }
            public long stateDigest() { return total; }
        }

        final Totaliser totaliser = new Totaliser();
        try (Engine engine = Engine.builder()
            .dataDirectory(dir)                                     // journal/, snapshots/, digests/
            .pipeline(Pipeline.builder().stage("totaliser", totaliser).build())
            .sink("printer", (output, endOfBatch) -> { })           // own thread, off the critical path
            .snapshotEvery(100_000)
            .build())
        {
            engine.start();                                         // recovers: snapshot + journal replay
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[8]);
            for (long i = 1; i <= 1_000; i++)
            {
                payload.putLong(0, i);
                engine.publish(1, payload, 0, 8);                   // journaled, then processed
            }
            engine.stop(Duration.ofSeconds(5));                     // drains journal, processors and sinks
        }
        // README-END
        return totaliser.total;
    }
}
