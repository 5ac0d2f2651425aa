package io.ferrite.examples.fraud;

import io.ferrite.examples.support.SnapshotReader;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import static io.ferrite.examples.fraud.FraudState.APPROVALS;
import static io.ferrite.examples.fraud.FraudState.CARD_STRIDE;
import static io.ferrite.examples.fraud.FraudState.HISTORY;
import static io.ferrite.examples.fraud.FraudState.HISTORY_AMOUNT;
import static io.ferrite.examples.fraud.FraudState.HISTORY_NEXT;
import static io.ferrite.examples.fraud.FraudState.HISTORY_SIZE;
import static io.ferrite.examples.fraud.FraudState.HISTORY_TIME;
import static io.ferrite.examples.fraud.FraudState.LATITUDE;
import static io.ferrite.examples.fraud.FraudState.LOCATION_TIME;
import static io.ferrite.examples.fraud.FraudState.LONGITUDE;
import static io.ferrite.examples.fraud.FraudState.NULL;
import static io.ferrite.examples.fraud.FraudState.TYPICAL;
import static java.nio.ByteOrder.LITTLE_ENDIAN;

/**
 * The snapshot format of {@link FraudScorer}'s {@link FraudState}, little endian: a header (magic, version, the four
 * configuration values), the eviction counters, the cards from least to most recently seen, the merchants likewise,
 * and the two block lists in ascending order. The same state always gives the same bytes.
 */
final class FraudSnapshot
{
    static final int SNAPSHOT_MAGIC = 0x44554146; // "FAUD" little endian
    static final int SNAPSHOT_VERSION = 1;

    private FraudSnapshot()
    {
    }

    /**
     * Write the whole state, little endian: a header (magic, version, the four configuration values), the eviction
     * counters, then the cards from least to most recently seen (id, last seen, typical amount, approvals, last
     * location and its time, then the velocity history oldest first), the merchants likewise (id, last seen, risk,
     * transaction count), and the two block lists in ascending order.
     *
     * @param state  the state to write.
     * @param buffer an expandable buffer to write from offset 0.
     * @return the number of bytes written.
     */
    static int write(final FraudState state, final MutableDirectBuffer buffer)
    {
        final LruSlots cards = state.cards;
        final LruSlots merchants = state.merchants;
        final long[] cardRecords = state.cardRecords;
        int p = 0;
        p = putInt(buffer, p, SNAPSHOT_MAGIC);
        p = putInt(buffer, p, SNAPSHOT_VERSION);
        p = putInt(buffer, p, state.cardCapacity);
        p = putInt(buffer, p, state.merchantCapacity);
        p = putInt(buffer, p, state.blockListCapacity);
        p = putLong(buffer, p, state.idleTimeoutNanos);
        p = putLong(buffer, p, cards.expiredCount);
        p = putLong(buffer, p, cards.evictedCount);
        p = putLong(buffer, p, merchants.expiredCount);
        p = putLong(buffer, p, merchants.evictedCount);

        p = putInt(buffer, p, cards.size());
        for (int card = cards.oldest(); card != NULL; card = cards.newer(card))
        {
            p = putLong(buffer, p, cards.key(card));
            p = putLong(buffer, p, cards.lastSeen(card));
            final int base = card * CARD_STRIDE;
            p = putLong(buffer, p, cardRecords[base + TYPICAL]);
            p = putLong(buffer, p, cardRecords[base + APPROVALS]);
            p = putInt(buffer, p, (int)cardRecords[base + LATITUDE]);
            p = putInt(buffer, p, (int)cardRecords[base + LONGITUDE]);
            p = putLong(buffer, p, cardRecords[base + LOCATION_TIME]);
            final int size = (int)cardRecords[base + HISTORY_SIZE];
            p = putInt(buffer, p, size);
            final int start = ((int)cardRecords[base + HISTORY_NEXT] - size + HISTORY) % HISTORY;
            for (int k = 0; k < size; k++)
            {
                final int entry = (start + k) % HISTORY;
                p = putLong(buffer, p, cardRecords[base + HISTORY_TIME + entry]);
                p = putLong(buffer, p, cardRecords[base + HISTORY_AMOUNT + entry]);
            }
        }

        p = putInt(buffer, p, merchants.size());
        for (int merchant = merchants.oldest(); merchant != NULL; merchant = merchants.newer(merchant))
        {
            p = putLong(buffer, p, merchants.key(merchant));
            p = putLong(buffer, p, merchants.lastSeen(merchant));
            p = putInt(buffer, p, state.merchantRisk[merchant]);
            p = putInt(buffer, p, state.merchantTransactions[merchant]);
        }

        p = putSet(buffer, p, state.blockedCards);
        p = putSet(buffer, p, state.blockedMerchants);
        return p;
    }

    private static int putInt(final MutableDirectBuffer buffer, final int position, final int value)
    {
        buffer.putInt(position, value, LITTLE_ENDIAN);
        return position + Integer.BYTES;
    }

    private static int putLong(final MutableDirectBuffer buffer, final int position, final long value)
    {
        buffer.putLong(position, value, LITTLE_ENDIAN);
        return position + Long.BYTES;
    }

    private static int putSet(final MutableDirectBuffer buffer, final int position, final SortedLongSet set)
    {
        int p = putInt(buffer, position, set.size());
        for (int i = 0; i < set.size(); i++)
        {
            p = putLong(buffer, p, set.get(i));
        }
        return p;
    }

    /**
     * Replace the whole state with a snapshot written by {@link #write} from a scorer with
     * the same capacities and idle timeout.
     *
     * @param state  the state to replace; emptied first.
     * @param buffer holding the snapshot.
     * @param offset of the snapshot in {@code buffer}.
     * @param length of the snapshot.
     * @throws IllegalArgumentException if it is not a fraud snapshot, was written with another configuration, or is
     *                                  truncated or inconsistent; the message says where.
     */
    static void load(final FraudState state, final DirectBuffer buffer, final int offset, final int length)
    {
        state.clear();
        final LruSlots cards = state.cards;
        final LruSlots merchants = state.merchants;
        final long[] cardRecords = state.cardRecords;
        final int cardCapacity = state.cardCapacity;
        final int merchantCapacity = state.merchantCapacity;
        final int blockListCapacity = state.blockListCapacity;
        final long idleTimeoutNanos = state.idleTimeoutNanos;
        final SnapshotReader reader = new SnapshotReader(buffer, offset, length);
        reader.readHeader("fraud", SNAPSHOT_MAGIC, SNAPSHOT_VERSION);
        final int snapshotCards = reader.readInt("cardCapacity");
        final int snapshotMerchants = reader.readInt("merchantCapacity");
        final int snapshotBlockList = reader.readInt("blockListCapacity");
        final long snapshotIdle = reader.readLong("idleTimeoutNanos");
        if (snapshotCards != cardCapacity || snapshotMerchants != merchantCapacity ||
            snapshotBlockList != blockListCapacity || snapshotIdle != idleTimeoutNanos)
        {
            throw new IllegalArgumentException("fraud snapshot was written by a scorer with capacities cards=" +
                snapshotCards + " merchants=" + snapshotMerchants + " blockList=" + snapshotBlockList +
                " and idle timeout " + snapshotIdle + " ns; this one has " + cardCapacity + ", " + merchantCapacity +
                ", " + blockListCapacity + " and " + idleTimeoutNanos + " ns");
        }
        final long cardsExpired = reader.readLong("cards expired");
        final long cardsEvicted = reader.readLong("cards evicted");
        final long merchantsExpired = reader.readLong("merchants expired");
        final long merchantsEvicted = reader.readLong("merchants evicted");

        final int cardCount = readCount(reader, "card count", cardCapacity);
        for (int c = 0; c < cardCount; c++)
        {
            final long cardId = reader.readLong("card id");
            final long lastSeen = reader.readLong("card last seen");
            if (cardId <= 0 || cards.find(cardId) != NULL)
            {
                throw new IllegalArgumentException("invalid or duplicate card id " + cardId + " in fraud snapshot");
            }
            final int card = cards.insert(cardId, lastSeen);
            state.resetCard(card);
            final int base = card * CARD_STRIDE;
            cardRecords[base + TYPICAL] = reader.readLong("typical amount");
            cardRecords[base + APPROVALS] = reader.readLong("approvals");
            cardRecords[base + LATITUDE] = reader.readInt("last latitude");
            cardRecords[base + LONGITUDE] = reader.readInt("last longitude");
            cardRecords[base + LOCATION_TIME] = reader.readLong("last location time");
            final int size = readCount(reader, "history size", HISTORY);
            for (int k = 0; k < size; k++)
            {
                cardRecords[base + HISTORY_TIME + k] = reader.readLong("history time");
                cardRecords[base + HISTORY_AMOUNT + k] = reader.readLong("history amount");
            }
            cardRecords[base + HISTORY_SIZE] = size;
            cardRecords[base + HISTORY_NEXT] = size % HISTORY;
        }

        final int merchantCount = readCount(reader, "merchant count", merchantCapacity);
        for (int m = 0; m < merchantCount; m++)
        {
            final long merchantId = reader.readLong("merchant id");
            final long lastSeen = reader.readLong("merchant last seen");
            if (merchantId <= 0 || merchants.find(merchantId) != NULL)
            {
                throw new IllegalArgumentException(
                    "invalid or duplicate merchant id " + merchantId + " in fraud snapshot");
            }
            final int merchant = merchants.insert(merchantId, lastSeen);
            state.merchantRisk[merchant] = reader.readInt("merchant risk");
            state.merchantTransactions[merchant] = reader.readInt("merchant transactions");
        }

        loadSet(reader, state.blockedCards, "blocked card");
        loadSet(reader, state.blockedMerchants, "blocked merchant");
        reader.expectEnd();

        cards.expiredCount = cardsExpired;
        cards.evictedCount = cardsEvicted;
        merchants.expiredCount = merchantsExpired;
        merchants.evictedCount = merchantsEvicted;
    }

    private static int readCount(final SnapshotReader reader, final String field, final int max)
    {
        final int count = reader.readInt(field);
        if (count < 0 || count > max)
        {
            throw new IllegalArgumentException(
                field + " " + count + " at byte " + reader.position() + " of the fraud snapshot is outside [0, " +
                max + "]");
        }
        return count;
    }

    private static void loadSet(final SnapshotReader reader, final SortedLongSet set, final String what)
    {
        final int count = readCount(reader, what + " count", set.capacity());
        long previous = Long.MIN_VALUE;
        for (int i = 0; i < count; i++)
        {
            final long value = reader.readLong(what);
            if (i > 0 && value <= previous)
            {
                throw new IllegalArgumentException(what + " list in fraud snapshot is not in ascending order at " +
                    value);
            }
            set.add(value);
            previous = value;
        }
    }
}
