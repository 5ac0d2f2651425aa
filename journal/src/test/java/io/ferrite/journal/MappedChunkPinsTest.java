package io.ferrite.journal;

import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.FileNotFoundException;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * On a real Chronicle mapped file of small chunks: a pinned chunk is found mapped again instead of being mapped anew,
 * no more than {@link MappedChunkPins#MAX_PINNED} chunks stay pinned, and released pins let chunks go.
 */
class MappedChunkPinsTest
{
    private static final int CHUNKS = MappedChunkPins.MAX_PINNED + 8;
    private static final long CHUNK = 64 * 1024;
    private static final long OVERLAP = 4 * 1024;

    @TempDir
    Path dir;

    @Test
    void shouldKeepTheMostRecentlyUsedChunksMappedUpToTheBound() throws FileNotFoundException
    {
        final File file = dir.resolve("chunks").toFile();
        final MappedBytes bytes = MappedBytes.mappedBytes(file, CHUNK, OVERLAP);
        final MappedChunkPins pins = new MappedChunkPins("test");
        try
        {
            for (int i = 0; i < CHUNKS; i++)
            {
                bytes.writePosition(i * CHUNK).writeLong(i);
            }
            final BytesStore<?, ?>[] seen = new BytesStore<?, ?>[CHUNKS];
            for (int i = 0; i < CHUNKS; i++)
            {
                visit(bytes, i);
                pins.pin(bytes);
                seen[i] = bytes.bytesStore();
            }
            assertEquals(MappedChunkPins.MAX_PINNED, pins.size());

            // Still pinned: the same mapping comes back, however far the bytes moved in between.
            final int kept = CHUNKS - 1 - MappedChunkPins.MAX_PINNED / 2;
            visit(bytes, kept);
            assertSame(seen[kept], bytes.bytesStore(), "chunk " + kept + " was mapped again");
            pins.pin(bytes);
            assertEquals(MappedChunkPins.MAX_PINNED, pins.size());

            // The least recently used were let go to stay within the bound: mapped anew.
            visit(bytes, 0);
            assertNotSame(seen[0], bytes.bytesStore(), "chunk 0 stayed mapped past the bound");

            pins.releaseAll();
            assertEquals(0, pins.size());
            visit(bytes, kept);
            assertNotSame(seen[kept], bytes.bytesStore(), "chunk " + kept + " stayed mapped after release");
        }
        finally
        {
            pins.releaseAll();
            bytes.releaseLast();
        }
    }

    private static void visit(final MappedBytes bytes, final int chunk)
    {
        // Through another chunk first, so that the bytes drop their own hold on the one visited.
        bytes.readPosition(((chunk + CHUNKS / 2) % CHUNKS) * CHUNK);
        bytes.readPosition(chunk * CHUNK);
        assertEquals(chunk, bytes.readLong(chunk * CHUNK), "chunk " + chunk);
    }
}
