package io.ferrite.examples.fraud;

import org.agrona.collections.Long2LongHashMap;

/**
 * A fixed number of slots keyed by a long id (card or merchant), kept in least-recently-used order so that idle
 * entries age out by event time and the table never needs more than its capacity.
 * <ul>
 *   <li>{@link #find(long)}: id to slot through an Agrona {@link Long2LongHashMap} sized so it never rehashes.</li>
 *   <li>{@link #insert(long, long)} appends at the most recent end; when every slot is taken the least recently used
 *   entry is evicted first (counted in {@link #evictedCount}).</li>
 *   <li>{@link #touch(int, long)} moves an entry to the most recent end and records its last-seen time.</li>
 *   <li>{@link #expire(long, long, int)} removes entries idle for longer than a timeout, oldest first, at most a given
 *   number per call so that a jump in event time cannot stall one event (counted in {@link #expiredCount}).</li>
 * </ul>
 * The LRU order is a doubly linked list over slot numbers (older and newer neighbour packed in one long of the
 * slot's record); it is part of the state (it decides what ages out or is
 * evicted next), so snapshots and digests walk it from oldest to newest. Nothing depends on which slot a key got.
 * <p>
 * Allocation free after construction. Not thread safe.
 */
final class LruSlots
{
    static final int NULL = -1;

    // One record of STRIDE longs per slot (key, last seen, and both links packed in one long), so that looking up and
    // touching an entry costs one cache line rather than one per field.
    private static final int STRIDE = 4;
    private static final int KEY = 0;
    private static final int LAST_SEEN = 1;
    private static final int LINKS = 2;
    private static final long LOW_MASK = 0xFFFF_FFFFL;

    private final int capacity;
    private final Long2LongHashMap slotByKey;
    private final long[] entries;
    private final int[] freeSlots;
    private int freeCount;
    private int oldest = NULL;
    private int newest = NULL;
    long expiredCount;
    long evictedCount;

    LruSlots(final int capacity)
    {
        this.capacity = capacity;
        slotByKey = new Long2LongHashMap(Math.max(16, capacity * 2), 0.65f, NULL);
        entries = new long[capacity * STRIDE];
        freeSlots = new int[capacity];
        clear();
    }

    int capacity()
    {
        return capacity;
    }

    int size()
    {
        return capacity - freeCount;
    }

    int find(final long key)
    {
        return (int)slotByKey.get(key);
    }

    /**
     * Add a key that is not present, as the most recently used entry.
     *
     * @return its slot, whose per-slot attributes the caller must initialise.
     */
    int insert(final long key, final long now)
    {
        if (freeCount == 0)
        {
            remove(oldest);
            evictedCount++;
        }
        final int slot = freeSlots[--freeCount];
        entries[slot * STRIDE + KEY] = key;
        entries[slot * STRIDE + LAST_SEEN] = now;
        linkNewest(slot);
        slotByKey.put(key, slot);
        return slot;
    }

    void touch(final int slot, final long now)
    {
        entries[slot * STRIDE + LAST_SEEN] = now;
        if (slot != newest)
        {
            unlink(slot);
            linkNewest(slot);
        }
    }

    /**
     * Remove entries last seen more than {@code idleNanos} before {@code now}, oldest first.
     *
     * @return how many were removed, at most {@code limit}.
     */
    int expire(final long now, final long idleNanos, final int limit)
    {
        int removed = 0;
        while (removed < limit && oldest != NULL && now - entries[oldest * STRIDE + LAST_SEEN] > idleNanos)
        {
            remove(oldest);
            removed++;
        }
        expiredCount += removed;
        return removed;
    }

    int oldest()
    {
        return oldest;
    }

    int newer(final int slot)
    {
        return (int)entries[slot * STRIDE + LINKS];
    }

    long key(final int slot)
    {
        return entries[slot * STRIDE + KEY];
    }

    long lastSeen(final int slot)
    {
        return entries[slot * STRIDE + LAST_SEEN];
    }

    private int older(final int slot)
    {
        return (int)(entries[slot * STRIDE + LINKS] >> 32);
    }

    private void links(final int slot, final int older, final int newer)
    {
        entries[slot * STRIDE + LINKS] = ((long)older << 32) | (newer & LOW_MASK);
    }

    private void setOlder(final int slot, final int older)
    {
        final int index = slot * STRIDE + LINKS;
        entries[index] = ((long)older << 32) | (entries[index] & LOW_MASK);
    }

    private void setNewer(final int slot, final int newer)
    {
        final int index = slot * STRIDE + LINKS;
        entries[index] = (entries[index] & ~LOW_MASK) | (newer & LOW_MASK);
    }

    void clear()
    {
        slotByKey.clear();
        for (int i = 0; i < capacity; i++)
        {
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
        oldest = NULL;
        newest = NULL;
        expiredCount = 0;
        evictedCount = 0;
    }

    private void remove(final int slot)
    {
        unlink(slot);
        slotByKey.remove(entries[slot * STRIDE + KEY]);
        freeSlots[freeCount++] = slot;
    }

    private void linkNewest(final int slot)
    {
        links(slot, newest, NULL);
        if (newest == NULL)
        {
            oldest = slot;
        }
        else
        {
            setNewer(newest, slot);
        }
        newest = slot;
    }

    private void unlink(final int slot)
    {
        final int before = older(slot);
        final int after = newer(slot);
        if (before == NULL)
        {
            oldest = after;
        }
        else
        {
            setNewer(before, after);
        }
        if (after == NULL)
        {
            newest = before;
        }
        else
        {
            setOlder(after, before);
        }
    }
}
