package io.ferrite.examples.fraud;

import io.ferrite.engine.processor.DomainCounter;
import io.ferrite.engine.processor.EventContext;
import io.ferrite.engine.processor.StatefulProcessor;
import io.ferrite.examples.support.StateHasher;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.util.List;

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

/**
 * Scores card transactions ({@link FraudEventType#TRANSACTION}) with the {@link FraudRule rules} and emits one
 * {@link DecisionCodec decision} per transaction: approve, review or decline, the score and the rules that fired.
 * {@link FraudEventType#BLOCK_LIST_UPDATE} control events maintain the block lists and are acknowledged with
 * {@link FraudEventType#BLOCK_LIST_UPDATED}. Anything else, and any payload of the wrong length or with invalid
 * fields, is answered with {@link FraudEventType#REJECTED} and a {@link FraudReason}, and changes nothing.
 * <p>
 * <b>State.</b>
 * <ul>
 *   <li>Per card, in preallocated arrays indexed by a slot: its last {@value FraudRule#VELOCITY_HISTORY} transaction
 *   times and amounts (the velocity windows), an exponentially weighted typical amount and the number of approvals
 *   (the profile), and the location and time of its last approved transaction. The profile and the location learn
 *   only from approved transactions, so a fraudster's attempts do not become the card's normal.</li>
 *   <li>Per merchant: a decayed share of transactions not approved (weight 1/32) and a transaction count.</li>
 *   <li>Two block lists (cards, merchants) as sorted arrays.</li>
 * </ul>
 * <p>
 * <b>Bounded memory, deterministic aging.</b> Cards and merchants live in fixed-capacity tables kept in
 * least-recently-used order. Before each valid input, entries not seen for more than {@code idleTimeoutNanos} of
 * event time ({@link EventContext#timestamp()}) are dropped, oldest first, at most {@value #MAX_EXPIRIES_PER_EVENT}
 * per table per event; if a new card or merchant arrives while its table is full, the least recently seen one is
 * evicted. Both depend only on the journaled inputs, so replay ages out exactly what the live run did. A returning card
 * starts again without a profile.
 * <p>
 * <b>Allocation and threading.</b> {@link #onEvent(EventContext)} allocates nothing: every table is allocated by the
 * constructor, codecs are reused flyweights. Not thread safe: every method runs on the processor's thread or while
 * the pipeline is stopped.
 */
public final class FraudScorer implements StatefulProcessor
{
    /**
     * Largest accepted amount, in cents.
     */
    public static final long MAX_AMOUNT_CENTS = 1_000_000_000_000L;

    /**
     * Largest card or merchant capacity.
     */
    public static final int MAX_CAPACITY = 1 << 24;

    /**
     * Card table capacity of {@link #FraudScorer()}.
     */
    public static final int DEFAULT_CARD_CAPACITY = 1 << 17;

    /**
     * Merchant table capacity of {@link #FraudScorer()}.
     */
    public static final int DEFAULT_MERCHANT_CAPACITY = 1 << 15;

    /**
     * Capacity of each block list of {@link #FraudScorer()}.
     */
    public static final int DEFAULT_BLOCK_LIST_CAPACITY = 4096;

    /**
     * Idle timeout of {@link #FraudScorer()}: six hours of event time.
     */
    public static final long DEFAULT_IDLE_TIMEOUT_NANOS = 6L * 3600 * 1_000_000_000L;

    /**
     * Most entries each table ages out per input, which bounds the work one event can cause.
     */
    public static final int MAX_EXPIRIES_PER_EVENT = 16;

    private static final long DIGEST_DOMAIN = 0x6672617564000001L;
    private static final long VELOCITY_WINDOW_NANOS = FraudRule.VELOCITY_WINDOW_SECONDS * 1_000_000_000L;
    private static final long HOUR_NANOS = 3600 * 1_000_000_000L;
    private static final double NANOS_PER_HOUR = 3.6e12;
    private static final int RISK_ONE = 1 << 16;
    private static final int RISK_SHIFT = 5;
    private static final int RISKY_THRESHOLD = RISK_ONE / 4;
    private static final int MEAN_SHIFT = 3;

    private final FraudState state;
    private final FraudPublisher publisher = new FraudPublisher();
    private final TransactionCodec.Decoder transaction = new TransactionCodec.Decoder();
    private final BlockListUpdateCodec.Decoder blockUpdate = new BlockListUpdateCodec.Decoder();
    private final StateHasher hasher = new StateHasher();

    /**
     * A scorer with the default capacities and a six-hour idle timeout: about 35 MB.
     */
    public FraudScorer()
    {
        this(DEFAULT_CARD_CAPACITY, DEFAULT_MERCHANT_CAPACITY, DEFAULT_BLOCK_LIST_CAPACITY, DEFAULT_IDLE_TIMEOUT_NANOS);
    }

    /**
     * Allocate every table up front (about 250 bytes per card and 70 per merchant).
     *
     * @param cardCapacity      most cards tracked at once.
     * @param merchantCapacity  most merchants tracked at once.
     * @param blockListCapacity most entries in each block list.
     * @param idleTimeoutNanos  event time after which an unseen card or merchant is forgotten.
     * @throws IllegalArgumentException if a capacity or the timeout is not positive.
     */
    public FraudScorer(
        final int cardCapacity, final int merchantCapacity, final int blockListCapacity, final long idleTimeoutNanos)
    {
        requirePositive("cardCapacity", cardCapacity);
        requirePositive("merchantCapacity", merchantCapacity);
        requirePositive("blockListCapacity", blockListCapacity);
        if (cardCapacity > MAX_CAPACITY || merchantCapacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacities are limited to " + MAX_CAPACITY + ", were cards=" +
                cardCapacity + " merchants=" + merchantCapacity);
        }
        if (idleTimeoutNanos <= 0)
        {
            throw new IllegalArgumentException("idleTimeoutNanos must be positive, was " + idleTimeoutNanos);
        }
        state = new FraudState(cardCapacity, merchantCapacity, blockListCapacity, idleTimeoutNanos);
    }

    /**
     * @return decisions by outcome, how often each rule fired, and invalid input rejected by reason, for dashboards.
     */
    @Override
    public List<DomainCounter> domainCounters()
    {
        return publisher.domainCounters();
    }

    private static void requirePositive(final String name, final int value)
    {
        if (value < 1)
        {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /**
     * {@inheritDoc}
     */
    @Override
    public void onEvent(final EventContext ctx)
    {
        final int type = ctx.type();
        final DirectBuffer buffer = ctx.buffer();
        final int offset = ctx.payloadOffset();
        final int length = ctx.length();
        switch (type)
        {
            case FraudEventType.TRANSACTION:
                if (length == TransactionCodec.LENGTH)
                {
                    onTransaction(ctx, transaction.wrap(buffer, offset));
                }
                else
                {
                    publisher.reject(ctx, FraudReason.MALFORMED_PAYLOAD);
                }
                break;

            case FraudEventType.BLOCK_LIST_UPDATE:
                if (length == BlockListUpdateCodec.LENGTH)
                {
                    onBlockListUpdate(ctx, blockUpdate.wrap(buffer, offset));
                }
                else
                {
                    publisher.reject(ctx, FraudReason.MALFORMED_PAYLOAD);
                }
                break;

            default:
                publisher.reject(ctx, FraudReason.UNKNOWN_EVENT_TYPE);
                break;
        }
    }

    private void onTransaction(final EventContext ctx, final TransactionCodec.Decoder tx)
    {
        final long transactionId = tx.transactionId();
        final long cardId = tx.cardId();
        final long merchantId = tx.merchantId();
        final long amount = tx.amountCents();
        final int latitude = tx.latitudeE6();
        final int longitude = tx.longitudeE6();
        if (cardId <= 0 || merchantId <= 0)
        {
            publisher.reject(ctx, FraudReason.INVALID_ID);
            return;
        }
        if (amount < 1 || amount > MAX_AMOUNT_CENTS)
        {
            publisher.reject(ctx, FraudReason.INVALID_AMOUNT);
            return;
        }
        if (latitude < -90_000_000 || latitude > 90_000_000 || longitude < -180_000_000 || longitude > 180_000_000)
        {
            publisher.reject(ctx, FraudReason.INVALID_LOCATION);
            return;
        }

        final FraudState state = this.state;
        final LruSlots cards = state.cards;
        final LruSlots merchants = state.merchants;
        final int[] merchantRisk = state.merchantRisk;
        final int[] merchantTransactions = state.merchantTransactions;
        final long idleTimeoutNanos = state.idleTimeoutNanos;
        final long now = ctx.timestamp();
        state.expire(now, MAX_EXPIRIES_PER_EVENT);
        // An entry idle for longer than the timeout starts afresh even if the bounded expiry has not reached it yet,
        // so what a card "remembers" never depends on how far behind the aging is.
        int card = cards.find(cardId);
        if (card == NULL)
        {
            card = cards.insert(cardId, now);
            state.resetCard(card);
        }
        else if (now - cards.lastSeen(card) > idleTimeoutNanos)
        {
            state.resetCard(card);
        }
        int merchant = merchants.find(merchantId);
        if (merchant == NULL || now - merchants.lastSeen(merchant) > idleTimeoutNanos)
        {
            if (merchant == NULL)
            {
                merchant = merchants.insert(merchantId, now);
            }
            merchantRisk[merchant] = 0;
            merchantTransactions[merchant] = 0;
        }

        // The velocity windows: this card's recent transactions, order irrelevant.
        final long[] records = state.cardRecords;
        final int base = card * CARD_STRIDE;
        int lastMinuteCount = 1;
        long lastHourAmount = amount;
        for (int k = 0, size = (int)records[base + HISTORY_SIZE]; k < size; k++)
        {
            final long age = now - records[base + HISTORY_TIME + k];
            if (age < VELOCITY_WINDOW_NANOS)
            {
                lastMinuteCount++;
            }
            if (age < HOUR_NANOS)
            {
                lastHourAmount += records[base + HISTORY_AMOUNT + k];
            }
        }

        int rules = 0;
        int score = 0;
        if (state.blockedCards.contains(cardId))
        {
            rules |= FraudRule.BLOCKED_CARD;
            score += FraudRule.BLOCKED_WEIGHT;
        }
        if (state.blockedMerchants.contains(merchantId))
        {
            rules |= FraudRule.BLOCKED_MERCHANT;
            score += FraudRule.BLOCKED_WEIGHT;
        }
        if (lastMinuteCount >= FraudRule.VELOCITY_COUNT_THRESHOLD)
        {
            rules |= FraudRule.VELOCITY_COUNT;
            score += FraudRule.VELOCITY_COUNT_WEIGHT;
        }
        final long cardApprovals = records[base + APPROVALS];
        final long typical = records[base + TYPICAL];
        if (cardApprovals >= FraudRule.WARM_UP_APPROVALS)
        {
            if (lastHourAmount > FraudRule.VELOCITY_AMOUNT_FACTOR * typical &&
                lastHourAmount > FraudRule.VELOCITY_AMOUNT_MIN_CENTS)
            {
                rules |= FraudRule.VELOCITY_AMOUNT;
                score += FraudRule.VELOCITY_AMOUNT_WEIGHT;
            }
            if (amount > FraudRule.SPIKE_FACTOR * typical && amount > FraudRule.SPIKE_MIN_CENTS)
            {
                rules |= FraudRule.AMOUNT_SPIKE;
                score += FraudRule.AMOUNT_SPIKE_WEIGHT;
            }
        }
        else if (amount > FraudRule.COLD_SPIKE_CENTS)
        {
            rules |= FraudRule.AMOUNT_SPIKE;
            score += FraudRule.AMOUNT_SPIKE_WEIGHT;
        }
        if (cardApprovals > 0 && isImpossibleTravel((int)records[base + LATITUDE], (int)records[base + LONGITUDE],
            records[base + LOCATION_TIME], latitude, longitude, now))
        {
            rules |= FraudRule.IMPOSSIBLE_TRAVEL;
            score += FraudRule.IMPOSSIBLE_TRAVEL_WEIGHT;
        }
        if (merchantTransactions[merchant] >= FraudRule.RISKY_MERCHANT_MIN_TRANSACTIONS &&
            merchantRisk[merchant] > RISKY_THRESHOLD)
        {
            rules |= FraudRule.RISKY_MERCHANT;
            score += FraudRule.RISKY_MERCHANT_WEIGHT;
        }
        score = Math.min(score, Decision.MAX_SCORE);
        final byte outcome = Decision.of(score);

        // Learn: every attempt counts for velocity; only approved ones shape the profile and the location.
        final int next = (int)records[base + HISTORY_NEXT];
        records[base + HISTORY_TIME + next] = now;
        records[base + HISTORY_AMOUNT + next] = amount;
        records[base + HISTORY_NEXT] = next + 1 == HISTORY ? 0 : next + 1;
        if (records[base + HISTORY_SIZE] < HISTORY)
        {
            records[base + HISTORY_SIZE]++;
        }
        final boolean approved = outcome == Decision.APPROVE;
        if (approved)
        {
            records[base + TYPICAL] = cardApprovals == 0 ? amount : typical + ((amount - typical) >> MEAN_SHIFT);
            records[base + APPROVALS] = cardApprovals + 1;
            records[base + LATITUDE] = latitude;
            records[base + LONGITUDE] = longitude;
            records[base + LOCATION_TIME] = now;
        }
        final int risk = merchantRisk[merchant];
        merchantRisk[merchant] = risk + (((approved ? 0 : RISK_ONE) - risk) >> RISK_SHIFT);
        if (merchantTransactions[merchant] < Integer.MAX_VALUE)
        {
            merchantTransactions[merchant]++;
        }
        cards.touch(card, now);
        merchants.touch(merchant, now);

        publisher.decision(ctx, transactionId, cardId, merchantId, amount, score, rules, outcome);
    }

    static boolean isImpossibleTravel(
        final int fromLatitude,
        final int fromLongitude,
        final long fromTime,
        final int toLatitude,
        final int toLongitude,
        final long toTime)
    {
        final double distanceKm = Geo.distanceKm(fromLatitude, fromLongitude, toLatitude, toLongitude);
        if (distanceKm <= FraudRule.TRAVEL_MIN_KM)
        {
            return false;
        }
        final long elapsed = toTime - fromTime;
        return elapsed <= 0 || distanceKm * NANOS_PER_HOUR > (double)FraudRule.TRAVEL_MAX_KMH * elapsed;
    }

    private void onBlockListUpdate(final EventContext ctx, final BlockListUpdateCodec.Decoder update)
    {
        final long entityId = update.entityId();
        final byte kind = update.entityKind();
        final byte action = update.action();
        if (entityId <= 0)
        {
            publisher.reject(ctx, FraudReason.INVALID_ID);
            return;
        }
        if (kind != BlockListUpdateCodec.CARD && kind != BlockListUpdateCodec.MERCHANT)
        {
            publisher.reject(ctx, FraudReason.INVALID_ENTITY_KIND);
            return;
        }
        if (action != BlockListUpdateCodec.BLOCK && action != BlockListUpdateCodec.UNBLOCK)
        {
            publisher.reject(ctx, FraudReason.INVALID_ACTION);
            return;
        }
        final SortedLongSet list = kind == BlockListUpdateCodec.CARD ? state.blockedCards : state.blockedMerchants;
        final boolean changed;
        if (action == BlockListUpdateCodec.BLOCK)
        {
            if (!list.contains(entityId) && list.size() == list.capacity())
            {
                publisher.reject(ctx, FraudReason.BLOCK_LIST_FULL);
                return;
            }
            changed = list.add(entityId);
        }
        else
        {
            changed = list.remove(entityId);
        }
        state.expire(ctx.timestamp(), MAX_EXPIRIES_PER_EVENT);
        publisher.ack(ctx, entityId, kind, action, changed, list.size());
    }

    /**
     * @return how many cards are tracked now (never more than the card capacity).
     */
    public int cardCount()
    {
        return state.cards.size();
    }

    /**
     * @return how many merchants are tracked now (never more than the merchant capacity).
     */
    public int merchantCount()
    {
        return state.merchants.size();
    }

    /**
     * @return cards forgotten so far because they were idle longer than the timeout.
     */
    public long cardsExpired()
    {
        return state.cards.expiredCount;
    }

    /**
     * @return cards forgotten so far to make room for a new one in a full table.
     */
    public long cardsEvicted()
    {
        return state.cards.evictedCount;
    }

    /**
     * @param cardId a card id.
     * @return true if the card is tracked.
     */
    public boolean isTracked(final long cardId)
    {
        return state.cards.find(cardId) != NULL;
    }

    /**
     * @param cardId a card id.
     * @return true if it is on the card block list.
     */
    public boolean isCardBlocked(final long cardId)
    {
        return state.blockedCards.contains(cardId);
    }

    /**
     * @param merchantId a merchant id.
     * @return true if it is on the merchant block list.
     */
    public boolean isMerchantBlocked(final long merchantId)
    {
        return state.blockedMerchants.contains(merchantId);
    }

    /**
     * Write the whole state, little endian: a header (magic, version, the four configuration values), the eviction
     * counters, then the cards from least to most recently seen (id, last seen, typical amount, approvals, last
     * location and its time, then the velocity history oldest first), the merchants likewise (id, last seen, risk,
     * transaction count), and the two block lists in ascending order.
     *
     * @param buffer an expandable buffer to write from offset 0.
     * @return the number of bytes written.
     */
    @Override
    public int writeSnapshot(final MutableDirectBuffer buffer)
    {
        return FraudSnapshot.write(state, buffer);
    }

    /**
     * Replace the whole state with a snapshot written by {@link #writeSnapshot(MutableDirectBuffer)} of a scorer with
     * the same capacities and idle timeout.
     *
     * @param buffer holding the snapshot.
     * @param offset of the snapshot in {@code buffer}.
     * @param length of the snapshot.
     * @throws IllegalArgumentException if it is not a fraud snapshot, was written with another configuration, or is
     *                                  truncated or inconsistent; the message says where.
     */
    @Override
    public void loadSnapshot(final DirectBuffer buffer, final int offset, final int length)
    {
        FraudSnapshot.load(state, buffer, offset, length);
    }

    /**
     * A digest of the configuration, the counters, every card and merchant in LRU order and both block lists, in
     * snapshot order. Walks the tables: cost grows with the number of cards; allocation free.
     *
     * @return the digest.
     */
    @Override
    public long stateDigest()
    {
        final StateHasher hasher = this.hasher.reset(DIGEST_DOMAIN);
        state.digest(hasher);
        return hasher.digest();
    }
}
