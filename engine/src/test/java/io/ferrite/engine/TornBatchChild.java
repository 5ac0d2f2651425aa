package io.ferrite.engine;

import io.ferrite.engine.processor.Pipeline;
import io.ferrite.engine.processor.Processor;
import io.ferrite.journal.FlushPolicy;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.locks.LockSupport;

/**
 * The process {@link TornBatchIT} kills: publishes flat out in bursts (so ring batches are long and many are open in
 * the journal at any moment) through one processor that stores the highest sequence it has seen in a memory-mapped
 * file, which outlives a kill -9. Arguments: data directory, flush policy.
 */
public final class TornBatchChild
{
    static final String SEEN_FILE = "seen.dat";

    private TornBatchChild()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        final Path dir = Path.of(args[0]);
        final FlushPolicy flushPolicy = FlushPolicy.valueOf(args[1]);
        try (RandomAccessFile file = new RandomAccessFile(dir.resolve(SEEN_FILE).toFile(), "rw"))
        {
            final MappedByteBuffer seen = file.getChannel().map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
            final Processor processor = ctx -> seen.putLong(0, ctx.sequence());
            try (Engine engine = Engine.builder()
                .dataDirectory(dir)
                .pipeline(Pipeline.builder().stage("seen", processor).build())
                .flushPolicy(flushPolicy)
                .ringSize(4096)
                .minFreeSpaceBytes(0)
                .waitStrategy(WaitStrategyType.SLEEPING)
                .build())
            {
                final RecoveryReport report = engine.start();
                System.out.println("RECOVERED " + report.describe());
                System.out.flush();
                final EventClaim claim = new EventClaim();
                while (true)
                {
                    for (int i = 0; i < 2_000; i++)
                    {
                        engine.claim(claim);
                        claim.type(1);
                        claim.timestamp(claim.sequence());
                        claim.buffer().putLong(0, claim.sequence());
                        claim.length(8);
                        claim.commit();
                    }
                    LockSupport.parkNanos(200_000);
                }
            }
        }
    }
}
