package io.ferrite.examples.trading;

/**
 * Every resting order's fields, struct-of-arrays, indexed by a slot number. The pool is preallocated at construction
 * and never grows: placing and removing orders reuses slots through a free stack, so the steady state allocates
 * nothing. Within a price level, orders form a doubly linked FIFO through {@link #prev}/{@link #next} (time priority);
 * the doubly linked list makes a cancel in the middle of a level O(1).
 * <p>
 * Slot numbers are an internal detail: nothing observable (outputs, snapshot, digest) depends on which slot an order
 * got, so a restored book behaves exactly like the original even though its slots differ.
 */
final class OrderPool
{
    static final int NULL = -1;

    final long[] orderId;
    final long[] accountId;
    final long[] price;
    final long[] leaves;
    /**
     * Sequence of the event that placed (or last moved) the order: the engine-side id of its time priority.
     */
    final long[] entrySequence;
    final int[] instrument;
    final byte[] side;
    final int[] level;
    final int[] prev;
    final int[] next;

    private final int[] freeSlots;
    private int freeCount;

    OrderPool(final int capacity)
    {
        orderId = new long[capacity];
        accountId = new long[capacity];
        price = new long[capacity];
        leaves = new long[capacity];
        entrySequence = new long[capacity];
        instrument = new int[capacity];
        side = new byte[capacity];
        level = new int[capacity];
        prev = new int[capacity];
        next = new int[capacity];
        freeSlots = new int[capacity];
        clear();
    }

    int capacity()
    {
        return freeSlots.length;
    }

    int available()
    {
        return freeCount;
    }

    /**
     * @return a free slot; the caller checked {@link #available()} first.
     */
    int allocate()
    {
        return freeSlots[--freeCount];
    }

    void release(final int slot)
    {
        freeSlots[freeCount++] = slot;
    }

    void clear()
    {
        final int capacity = freeSlots.length;
        for (int i = 0; i < capacity; i++)
        {
            // Lowest slot on top so a fresh pool hands out 0, 1, 2... (only a debugging nicety).
            freeSlots[i] = capacity - 1 - i;
        }
        freeCount = capacity;
    }
}
