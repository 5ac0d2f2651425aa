package io.ferrite.examples.fraud;

import io.ferrite.examples.support.StateHasher;

import java.util.Arrays;

/**
 * The state {@link FraudScorer} keeps, with its configuration: the card table (one record of {@link #CARD_STRIDE}
 * longs per card: velocity history, typical amount, approvals, last approved location), the merchant table (decayed
 * risk and transaction count) and the two block lists. Tables are least-recently-used ordered {@link LruSlots}; every
 * array is allocated by the constructor.
 * <p>
 * Not thread safe: used on the processor's thread or while the pipeline is stopped.
 */
final class FraudState
{
    static final int NULL = LruSlots.NULL;
    static final int HISTORY = FraudRule.VELOCITY_HISTORY;

    // Layout of a card record: offsets from the card's base index in cardRecords.
    static final int HISTORY_TIME = 0;
    static final int HISTORY_AMOUNT = HISTORY_TIME + HISTORY;
    static final int TYPICAL = HISTORY_AMOUNT + HISTORY;
    static final int APPROVALS = TYPICAL + 1;
    static final int LOCATION_TIME = APPROVALS + 1;
    static final int LATITUDE = LOCATION_TIME + 1;
    static final int LONGITUDE = LATITUDE + 1;
    static final int HISTORY_NEXT = LONGITUDE + 1;
    static final int HISTORY_SIZE = HISTORY_NEXT + 1;
    static final int CARD_STRIDE = HISTORY_SIZE + 1;

    final int cardCapacity;
    final int merchantCapacity;
    final int blockListCapacity;
    final long idleTimeoutNanos;

    final LruSlots cards;
    // Each card's state is one record of CARD_STRIDE longs, so scoring a transaction touches a few adjacent cache
    // lines instead of one line per field (with 100,000 cards the tables do not fit in cache).
    final long[] cardRecords;

    final LruSlots merchants;
    final int[] merchantRisk;
    final int[] merchantTransactions;

    final SortedLongSet blockedCards;
    final SortedLongSet blockedMerchants;

    /**
     * Allocate every table; the arguments are checked by the caller.
     */
    FraudState(
        final int cardCapacity, final int merchantCapacity, final int blockListCapacity, final long idleTimeoutNanos)
    {
        this.cardCapacity = cardCapacity;
        this.merchantCapacity = merchantCapacity;
        this.blockListCapacity = blockListCapacity;
        this.idleTimeoutNanos = idleTimeoutNanos;

        cards = new LruSlots(cardCapacity);
        cardRecords = new long[cardCapacity * CARD_STRIDE];

        merchants = new LruSlots(merchantCapacity);
        merchantRisk = new int[merchantCapacity];
        merchantTransactions = new int[merchantCapacity];

        blockedCards = new SortedLongSet(blockListCapacity);
        blockedMerchants = new SortedLongSet(blockListCapacity);
    }

    /**
     * Age out cards and merchants idle longer than the timeout at event time {@code now}, a bounded number per table.
     */
    void expire(final long now, final int maxExpiries)
    {
        cards.expire(now, idleTimeoutNanos, maxExpiries);
        merchants.expire(now, idleTimeoutNanos, maxExpiries);
    }

    /**
     * Forget everything a card's record holds.
     */
    void resetCard(final int card)
    {
        final int base = card * CARD_STRIDE;
        Arrays.fill(cardRecords, base, base + CARD_STRIDE, 0L);
    }

    /**
     * Empty every table and block list; configuration and arrays stay.
     */
    void clear()
    {
        cards.clear();
        merchants.clear();
        blockedCards.clear();
        blockedMerchants.clear();
    }

    /**
     * Add the configuration, the counters, every card and merchant in LRU order and both block lists to a digest, in
     * snapshot order. Walks the tables: cost grows with the number of cards; allocation free.
     */
    void digest(final StateHasher hasher)
    {
        hasher.add(cardCapacity)
            .add(merchantCapacity)
            .add(blockListCapacity)
            .add(idleTimeoutNanos)
            .add(cards.expiredCount)
            .add(cards.evictedCount)
            .add(merchants.expiredCount)
            .add(merchants.evictedCount)
            .add(cards.size());
        for (int card = cards.oldest(); card != NULL; card = cards.newer(card))
        {
            final int base = card * CARD_STRIDE;
            hasher.add(cards.key(card))
                .add(cards.lastSeen(card))
                .add(cardRecords[base + TYPICAL])
                .add(cardRecords[base + APPROVALS])
                .add(cardRecords[base + LATITUDE])
                .add(cardRecords[base + LONGITUDE])
                .add(cardRecords[base + LOCATION_TIME]);
            final int size = (int)cardRecords[base + HISTORY_SIZE];
            hasher.add(size);
            final int start = ((int)cardRecords[base + HISTORY_NEXT] - size + HISTORY) % HISTORY;
            for (int k = 0; k < size; k++)
            {
                final int entry = (start + k) % HISTORY;
                hasher.add(cardRecords[base + HISTORY_TIME + entry]).add(cardRecords[base + HISTORY_AMOUNT + entry]);
            }
        }
        hasher.add(merchants.size());
        for (int merchant = merchants.oldest(); merchant != NULL; merchant = merchants.newer(merchant))
        {
            hasher.add(merchants.key(merchant))
                .add(merchants.lastSeen(merchant))
                .add(merchantRisk[merchant])
                .add(merchantTransactions[merchant]);
        }
        digestSet(hasher, blockedCards);
        digestSet(hasher, blockedMerchants);
    }

    private static void digestSet(final StateHasher hasher, final SortedLongSet set)
    {
        hasher.add(set.size());
        for (int i = 0; i < set.size(); i++)
        {
            hasher.add(set.get(i));
        }
    }
}
