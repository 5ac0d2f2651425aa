package io.ferrite.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.bytes.BytesStore;
import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.core.io.ReferenceOwner;

/**
 * Keeps the mapped chunks of segment files that seeks visit mapped, up to a bound, so that random seeks do not map
 * and unmap them over and over.
 * <p>
 * Chronicle maps a segment file in chunks of one block each (64 MiB or more, see {@code Journal.blockSize}). A tailer
 * holds a reference to the chunk it reads; when it moves to another chunk it drops that reference, and a chunk that no
 * one references any more is unmapped. A seek's binary search reads excerpts all over a segment, so on a segment of
 * several chunks each seek used to map a chunk (an {@code mmap} call, ~1 KB of Chronicle objects, and a page fault
 * for every page the search then touches) and unmap the previous one: ~9× slower than on a segment of one or two
 * chunks, and ~900 B of garbage per seek. A pinned chunk is found mapped by every tailer of the same queue (Chronicle
 * shares one mapped file per segment between them), so one set of pins serves the seek table and the readers.
 * <p>
 * Bounded: at most {@value #MAX_PINNED} chunks (2 GiB of address space at the default 64 MiB block); past that the
 * least recently used pin is dropped. A pin holds address space and page-table entries, not heap, not memory of its
 * own (the pages are the file's page cache, reclaimable, shared with every other mapping of the file) and no file
 * descriptor; it does keep a deleted segment's blocks allocated until it is released. {@link #releaseAll()} drops
 * every pin; the owner calls it when it closes.
 * <p>
 * Not thread safe: one owner, or calls under the owner's lock. No allocation once a chunk is pinned.
 */
final class MappedChunkPins implements ReferenceOwner
{
    /** The most chunks kept mapped by one owner. */
    static final int MAX_PINNED = 32;

    private final MappedBytesStore[] stores = new MappedBytesStore[MAX_PINNED];
    private final long[] lastUse = new long[MAX_PINNED];
    private final String name;
    private long clock;
    private int size;

    /**
     * @param name what the pins are for, for Chronicle's reference tracing.
     */
    MappedChunkPins(final String name)
    {
        this.name = name;
    }

    /**
     * Pin the chunk {@code bytes} currently reads from, if it is a mapped chunk; it stays mapped until released.
     * Call while {@code bytes} still holds it (inside the document context that read it).
     *
     * @param bytes the bytes of a tailer's wire.
     */
    void pin(final Bytes<?> bytes)
    {
        final BytesStore<?, ?> current = bytes.bytesStore();
        if (!(current instanceof MappedBytesStore))
        {
            return;
        }
        final long now = ++clock;
        final MappedBytesStore[] stores = this.stores;
        int victim = 0;
        for (int i = 0; i < size; i++)
        {
            if (stores[i] == current)
            {
                lastUse[i] = now;
                return;
            }
            if (lastUse[i] < lastUse[victim])
            {
                victim = i;
            }
        }
        final MappedBytesStore store = (MappedBytesStore)current;
        if (!store.tryReserve(this))
        {
            return;
        }
        final int slot;
        if (size < MAX_PINNED)
        {
            slot = size++;
        }
        else
        {
            slot = victim;
            stores[slot].release(this);
        }
        stores[slot] = store;
        lastUse[slot] = now;
    }

    /**
     * @return how many chunks are pinned now.
     */
    int size()
    {
        return size;
    }

    /**
     * Drop every pin; chunks no one else references are unmapped. Idempotent.
     */
    void releaseAll()
    {
        for (int i = 0; i < size; i++)
        {
            stores[i].release(this);
            stores[i] = null;
        }
        size = 0;
    }

    @Override
    public String referenceName()
    {
        return name;
    }
}
