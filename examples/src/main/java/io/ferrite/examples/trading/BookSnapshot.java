package io.ferrite.examples.trading;

import io.ferrite.examples.support.SnapshotReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The snapshot format of {@link MatchingProcessor}'s {@link OrderBooks}: a header (magic, version, instrument count,
 * order capacity, resting order count), then for each instrument its bids and its asks, each as a level count followed
 * by levels from the worst price to the best, each level as price, order count and its orders oldest first (order id,
 * account id, open quantity, entry sequence). Little endian. The same books always give the same bytes.
 */
final class BookSnapshot
{
    static final int SNAPSHOT_MAGIC = 0x4D545246; // "FRTM" little endian
    static final int SNAPSHOT_VERSION = 1;

    private static final int NULL = OrderPool.NULL;

    private BookSnapshot()
    {
    }

    /**
     * @param books  the books to write.
     * @param buffer an expandable buffer to write from offset 0.
     * @return the number of bytes written.
     */
    static int write(final OrderBooks books, final MutableDirectBuffer buffer)
    {
        int position = 0;
        buffer.putInt(position, SNAPSHOT_MAGIC, LITTLE_ENDIAN);
        buffer.putInt(position + 4, SNAPSHOT_VERSION, LITTLE_ENDIAN);
        buffer.putInt(position + 8, books.instrumentCount, LITTLE_ENDIAN);
        buffer.putInt(position + 12, books.orderCapacity, LITTLE_ENDIAN);
        buffer.putInt(position + 16, books.restingOrderCount(), LITTLE_ENDIAN);
        position += 20;
        for (int i = 0; i < books.instrumentCount; i++)
        {
            position = writeSide(books, buffer, position, books.bids[i]);
            position = writeSide(books, buffer, position, books.asks[i]);
        }
        return position;
    }

    private static int writeSide(
        final OrderBooks books, final MutableDirectBuffer buffer, final int start, final BookSide side)
    {
        final OrderPool orders = books.orders;
        final LevelPool levels = books.levels;
        int position = start;
        buffer.putInt(position, side.size, LITTLE_ENDIAN);
        position += 4;
        for (int index = 0; index < side.size; index++)
        {
            final int level = side.levels[index];
            buffer.putLong(position, levels.price[level], LITTLE_ENDIAN);
            buffer.putInt(position + 8, levels.count[level], LITTLE_ENDIAN);
            position += 12;
            for (int slot = levels.head[level]; slot != NULL; slot = orders.next[slot])
            {
                buffer.putLong(position, orders.orderId[slot], LITTLE_ENDIAN);
                buffer.putLong(position + 8, orders.accountId[slot], LITTLE_ENDIAN);
                buffer.putLong(position + 16, orders.leaves[slot], LITTLE_ENDIAN);
                buffer.putLong(position + 24, orders.entrySequence[slot], LITTLE_ENDIAN);
                position += 32;
            }
        }
        return position;
    }

    /**
     * Replace the books with those of a snapshot written by {@link #write} from books of the same instrument count and
     * order capacity.
     *
     * @param books  the books to fill; emptied first.
     * @param buffer holding the snapshot.
     * @param offset of the snapshot in {@code buffer}.
     * @param length of the snapshot.
     * @throws IllegalArgumentException if the snapshot is not a trading snapshot, was written with another
     *                                  configuration, or is truncated or inconsistent; the message says where.
     */
    static void load(final OrderBooks books, final DirectBuffer buffer, final int offset, final int length)
    {
        books.clear();
        final SnapshotReader reader = new SnapshotReader(buffer, offset, length);
        reader.readHeader("trading", SNAPSHOT_MAGIC, SNAPSHOT_VERSION);
        final int snapshotInstruments = reader.readInt("instrumentCount");
        final int snapshotCapacity = reader.readInt("orderCapacity");
        if (snapshotInstruments != books.instrumentCount || snapshotCapacity != books.orderCapacity)
        {
            throw new IllegalArgumentException("trading snapshot was written by a processor with " +
                snapshotInstruments + " instruments and order capacity " + snapshotCapacity + ", this one has " +
                books.instrumentCount + " and " + books.orderCapacity);
        }
        final int orderCount = reader.readInt("orderCount");
        for (int i = 0; i < books.instrumentCount; i++)
        {
            loadSide(books, reader, i, Side.BUY);
            loadSide(books, reader, i, Side.SELL);
        }
        reader.expectEnd();
        if (orderCount != books.restingOrderCount())
        {
            throw new IllegalArgumentException("trading snapshot header says " + orderCount +
                " resting orders, the books hold " + books.restingOrderCount());
        }
    }

    private static void loadSide(
        final OrderBooks books, final SnapshotReader reader, final int instrument, final byte side)
    {
        final OrderPool orders = books.orders;
        final BookSide bookSide = books.side(instrument, side);
        final int levelCount = reader.readInt("levelCount");
        for (int l = 0; l < levelCount; l++)
        {
            final long price = reader.readLong("level price");
            final int count = reader.readInt("level order count");
            if (price < 1 || price > MatchingProcessor.MAX_PRICE || count < 1)
            {
                throw new IllegalArgumentException("invalid level in trading snapshot at byte " + reader.position() +
                    ": price " + price + ", " + count + " orders (instrument " + instrument + ")");
            }
            final int level = books.levels.allocate(price);
            bookSide.appendBest(price, level);
            for (int o = 0; o < count; o++)
            {
                if (orders.available() == 0)
                {
                    throw new IllegalArgumentException("trading snapshot holds more orders than the capacity " +
                        books.orderCapacity);
                }
                final long orderId = reader.readLong("order id");
                final int slot = orders.allocate();
                orders.orderId[slot] = orderId;
                orders.accountId[slot] = reader.readLong("account id");
                orders.leaves[slot] = reader.readLong("leaves");
                orders.entrySequence[slot] = reader.readLong("entry sequence");
                orders.price[slot] = price;
                orders.instrument[slot] = instrument;
                orders.side[slot] = side;
                if (orderId <= 0 || books.slotByOrderId.put(orderId, slot) != NULL)
                {
                    throw new IllegalArgumentException("invalid or duplicate order id " + orderId +
                        " in trading snapshot");
                }
                books.append(level, slot);
            }
        }
    }
}
