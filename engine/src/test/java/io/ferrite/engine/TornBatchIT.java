package io.ferrite.engine;

import io.ferrite.journal.FlushPolicy;
import io.ferrite.journal.Journal;
import io.ferrite.journal.JournalConfig;
import io.ferrite.journal.test.ChildJvm;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 an engine publishing flat out, under each flush policy: no processor may ever have seen an event that the
 * journal does not hold after the kill. The journal writes a ring batch as one excerpt (or a few) published at its
 * end, so a kill inside a batch tears it; the journaller must have kept processors from seeing any of it.
 */
@Tag("slow")
@Timeout(180)
class TornBatchIT
{
    private static final int KILLS = 3;
    private static final Duration START = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(FlushPolicy.class)
    void shouldNeverLetAProcessorSeeAnEventOfATornBatch(final FlushPolicy flushPolicy) throws Exception
    {
        final Random random = new Random(flushPolicy.ordinal());
        long processed = 0;
        for (int kill = 0; kill < KILLS; kill++)
        {
            try (ChildJvm child = ChildJvm.builder(TornBatchChild.class).jvmArg("-Xmx256m")
                .args(dir.toString(), flushPolicy.name()).start())
            {
                child.awaitLine(line -> line.startsWith("RECOVERED"), START);
                // Kill only once processors are at work in this run (EVERY forces per event and is slow to start
                // on a busy machine), at a random moment after that.
                final long deadline = System.nanoTime() + START.toNanos();
                while (highestSeen() <= processed)
                {
                    assertTrue(System.nanoTime() < deadline && child.isAlive(),
                        flushPolicy + ": nothing processed after restart " + kill + ": " + child.output());
                    Thread.sleep(10);
                }
                Thread.sleep(random.nextInt(500));
                assertTrue(child.isAlive(), child.output());
                child.kill();
            }

            final long seen = highestSeen();
            final long journaled;
            try (Journal journal = Journal.open(new JournalConfig().directory(dir.resolve("journal")).readOnly(true)))
            {
                journaled = journal.lastSequence();
            }
            assertTrue(seen <= journaled, flushPolicy + ": a processor saw sequence " + seen +
                " but after the kill the journal ends at " + journaled);
            assertTrue(seen > processed, flushPolicy + ": no progress after restart " + kill + " (seen " + seen + ")");
            processed = seen;
        }
    }

    private long highestSeen() throws IOException
    {
        final Path file = dir.resolve(TornBatchChild.SEEN_FILE);
        if (!Files.exists(file) || Files.size(file) < Long.BYTES)
        {
            return 0;
        }
        final byte[] bytes = Files.readAllBytes(file);
        // A MappedByteBuffer is big endian unless told otherwise, as is a wrapped array.
        return ByteBuffer.wrap(bytes).getLong(0);
    }
}
