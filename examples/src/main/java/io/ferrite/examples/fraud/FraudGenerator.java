package io.ferrite.examples.fraud;

import io.ferrite.engine.processor.EventGenerator;
import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;

import static io.ferrite.examples.support.Hashing.bounded;
import static io.ferrite.examples.support.Hashing.hash;
import static io.ferrite.examples.support.Hashing.unit;

/**
 * A deterministic stream of card transactions with injected fraud of known kinds, for {@link FraudScorer}: event
 * {@code i} (from 1) is a pure function of {@code (seed, i)}, timestamp included, computed from a counter-based hash
 * ({@link io.ferrite.examples.support.Hashing}), so a run resumed at any event produces exactly what an uninterrupted
 * run would, and {@link #pattern(long)} tells for any event whether it is injected fraud.
 * <p>
 * <b>Normal behaviour.</b> {@code cardCount} cards (ids {@value #CARD_ID_BASE} + k), each with a home in one of 16
 * world cities (offset up to 0.2 degrees), a typical amount of 5..160 currency units (skewed low) and eight usual
 * merchants among {@code merchantCount} (ids {@value #MERCHANT_ID_BASE} + m). Each event picks a card uniformly; the
 * transaction is at one of its usual merchants, within 0.05 degrees of home, for its typical amount times
 * {@code 0.25 + 2.75 u^2}, online 30% of the time. With the defaults (100,000 cards, 10 ms between events) a card
 * transacts every 1,000 s of event time on average.
 * <p>
 * <b>Injected fraud.</b> The stream is cut into blocks of {@value #EPISODE_BLOCK} events; a block holds a fraud
 * episode with probability {@value #EPISODE_PER_MILLE}/1000, starting at a hashed offset, of one kind:
 * <pre>
 *   kind               share  events labelled (offsets from the episode start)
 *   VELOCITY_BURST      30%   12..23 small online transactions on one card, every other event
 *   AMOUNT_SPIKE        25%   1 transaction at 15..40 x the card's typical amount, at least 1,200 units
 *   IMPOSSIBLE_TRAVEL   20%   a normal transaction at home (+0, not labelled), then 2 in a far city (+3, +6)
 *   BLOCKED_CARD        15%   BLOCK of a compromised card (+0, control), then 2 transactions with it (+4, +8)
 *   BLOCKED_MERCHANT    10%   BLOCK of a merchant (+0, control), then 2 transactions there by normal cards (+4, +8)
 * </pre>
 * so about 0.44% of the events are injected fraud in expectation (0.40% measured over the first million events
 * with seed 11 by {@code FraudGeneratorTest}). The last event of block {@code b} unblocks the card or merchant
 * blocked in block {@code b - }{@value #UNBLOCK_LAG_BLOCKS}, if any, which keeps the block lists small. Compromised
 * cards ({@value #COMPROMISED_CARD_ID_BASE} + b) and blocked merchants ({@value #BLOCKED_MERCHANT_ID_BASE} + b) are
 * never used by normal transactions, so a label never contradicts the block list.
 * <p>
 * <b>Time.</b> {@code timestamp(i) = EPOCH_NANOS + i * meanGap + jitter}, jitter in {@code [0, meanGap)}: strictly
 * increasing.
 * <p>
 * <b>Threading and allocation:</b> not thread safe (one generator per producer); nothing is allocated per event.
 */
public final class FraudGenerator implements EventGenerator
{
    /**
     * Event time of event 0: 2024-01-01T00:00:00Z in nanoseconds since the epoch.
     */
    public static final long EPOCH_NANOS = 1_704_067_200_000_000_000L;

    /**
     * Mean gap between events of {@link #FraudGenerator(long)}: 10 ms, a hundred transactions per second.
     */
    public static final long DEFAULT_MEAN_GAP_NANOS = 10_000_000L;

    /**
     * Cards of {@link #FraudGenerator(long)}.
     */
    public static final int DEFAULT_CARDS = 100_000;

    /**
     * Merchants of {@link #FraudGenerator(long)}.
     */
    public static final int DEFAULT_MERCHANTS = 10_000;

    /**
     * Events per block; each block holds at most one fraud episode.
     */
    public static final int EPISODE_BLOCK = 512;

    /**
     * Chance in 1000 that a block holds an episode.
     */
    public static final int EPISODE_PER_MILLE = 350;

    /**
     * Blocks after which a blocked card or merchant is unblocked.
     */
    public static final int UNBLOCK_LAG_BLOCKS = 32;

    /**
     * Id of normal card 0.
     */
    public static final long CARD_ID_BASE = 4_000_000_000_000_000L;

    /**
     * Id of the compromised card of block 0.
     */
    public static final long COMPROMISED_CARD_ID_BASE = 5_000_000_000_000_000L;

    /**
     * Id of normal merchant 0.
     */
    public static final long MERCHANT_ID_BASE = 100_000L;

    /**
     * Id of the blocked merchant of block 0.
     */
    public static final long BLOCKED_MERCHANT_ID_BASE = 900_000_000L;

    /**
     * Home cities (latitude, longitude in micro-degrees), every pair more than 1,000 km apart.
     */
    private static final int[][] CITIES = {
        {40_712_800, -74_006_000},    // New York
        {51_507_400, -127_800},       // London
        {35_676_200, 139_650_300},    // Tokyo
        {-33_868_800, 151_209_300},   // Sydney
        {-23_550_500, -46_633_300},   // Sao Paulo
        {-26_204_100, 28_047_300},    // Johannesburg
        {19_076_000, 72_877_700},     // Mumbai
        {55_755_800, 37_617_300},     // Moscow
        {34_052_200, -118_243_700},   // Los Angeles
        {1_352_100, 103_819_800},     // Singapore
        {30_044_400, 31_235_700},     // Cairo
        {19_432_600, -99_133_200},    // Mexico City
        {-34_603_700, -58_381_600},   // Buenos Aires
        {25_204_800, 55_270_800},     // Dubai
        {6_524_400, 3_379_200},       // Lagos
        {39_904_200, 116_407_400},    // Beijing
    };
    private static final short[] CATEGORIES = {5411, 5812, 5541, 5999, 4111, 5732, 7011, 5311};
    private static final int USUAL_MERCHANTS = 8;
    private static final int HOME_SPREAD_E6 = 200_000;
    private static final int LOCAL_SPREAD_E6 = 50_000;
    private static final int EPISODE_MAX_SPAN = 64;

    private static final int ROLE_NORMAL = 0;
    private static final int ROLE_PRIMING = 1;
    private static final int ROLE_FRAUD = 2;
    private static final int ROLE_BLOCK = 3;
    private static final int ROLE_UNBLOCK = 4;

    private static final long STREAM_TIME = 1;
    private static final long STREAM_CARD = 2;
    private static final long STREAM_MERCHANT = 3;
    private static final long STREAM_AMOUNT = 4;
    private static final long STREAM_JITTER_LAT = 5;
    private static final long STREAM_JITTER_LON = 6;
    private static final long STREAM_CHANNEL = 7;
    private static final long STREAM_HOME = 8;
    private static final long STREAM_HOME_LAT = 9;
    private static final long STREAM_HOME_LON = 10;
    private static final long STREAM_TYPICAL = 11;
    private static final long STREAM_USUAL = 12;
    private static final long STREAM_EPISODE = 13;
    private static final long STREAM_KIND = 14;
    private static final long STREAM_START = 15;
    private static final long STREAM_VICTIM = 16;
    private static final long STREAM_LENGTH = 17;
    private static final long STREAM_FAR_CITY = 18;

    private final long seed;
    private final int cardCount;
    private final int merchantCount;
    private final long meanGapNanos;
    private final TransactionCodec.Encoder transaction = new TransactionCodec.Encoder();
    private final BlockListUpdateCodec.Encoder blockUpdate = new BlockListUpdateCodec.Encoder();

    // Where the last located event sits: set by locate(i), read right after it on the same thread.
    private int role;
    private int episodePattern;
    private long block;

    /**
     * A generator with {@link #DEFAULT_CARDS} cards, {@link #DEFAULT_MERCHANTS} merchants and
     * {@link #DEFAULT_MEAN_GAP_NANOS} between events.
     *
     * @param seed the seed.
     */
    public FraudGenerator(final long seed)
    {
        this(seed, DEFAULT_CARDS, DEFAULT_MERCHANTS, DEFAULT_MEAN_GAP_NANOS);
    }

    /**
     * @param seed          the seed.
     * @param cardCount     normal cards.
     * @param merchantCount normal merchants, at least {@value #USUAL_MERCHANTS}.
     * @param meanGapNanos  mean event-time gap between events; with {@code cardCount} it sets how often a card is
     *                      used ({@code cardCount * meanGapNanos} on average), which the velocity rules are tuned for
     *                      (keep it at several minutes or more).
     * @throws IllegalArgumentException if a count or the gap is out of range.
     */
    public FraudGenerator(final long seed, final int cardCount, final int merchantCount, final long meanGapNanos)
    {
        if (cardCount < 1)
        {
            throw new IllegalArgumentException("cardCount must be positive, was " + cardCount);
        }
        if (merchantCount < USUAL_MERCHANTS)
        {
            throw new IllegalArgumentException(
                "merchantCount must be at least " + USUAL_MERCHANTS + ", was " + merchantCount);
        }
        if (meanGapNanos < 1 || meanGapNanos > Integer.MAX_VALUE)
        {
            throw new IllegalArgumentException("meanGapNanos must be in [1, 2^31), was " + meanGapNanos);
        }
        this.seed = seed;
        this.cardCount = cardCount;
        this.merchantCount = merchantCount;
        this.meanGapNanos = meanGapNanos;
    }

    /**
     * @return the seed.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * @return the number of normal cards.
     */
    public int cardCount()
    {
        return cardCount;
    }

    /**
     * @return the number of normal merchants.
     */
    public int merchantCount()
    {
        return merchantCount;
    }

    /**
     * @return the mean event-time gap between events.
     */
    public long meanGapNanos()
    {
        return meanGapNanos;
    }

    /**
     * @param i an event number.
     * @return its timestamp in nanoseconds: strictly increasing in {@code i}.
     */
    public long timestamp(final long i)
    {
        return EPOCH_NANOS + i * meanGapNanos + bounded(hash(seed, i, STREAM_TIME), (int)meanGapNanos);
    }

    /**
     * @param i an event number, from 1.
     * @return the {@link FraudPattern} event {@code i} was injected as, or {@link FraudPattern#NONE} for a normal
     * transaction or a control event.
     */
    public int pattern(final long i)
    {
        locate(i);
        return role == ROLE_FRAUD ? episodePattern : FraudPattern.NONE;
    }

    /**
     * @param i an event number, from 1.
     * @return the event type event {@code i} will have.
     */
    public int eventType(final long i)
    {
        locate(i);
        return role == ROLE_BLOCK || role == ROLE_UNBLOCK ?
            FraudEventType.BLOCK_LIST_UPDATE : FraudEventType.TRANSACTION;
    }

    /**
     * {@inheritDoc}
     *
     * @throws IllegalArgumentException if the event's sequence is below 1 or it cannot hold a transaction.
     */
    @Override
    public void generate(final MutableEvent event)
    {
        final long i = event.sequence();
        if (event.maxLength() < TransactionCodec.LENGTH)
        {
            throw new IllegalArgumentException("fraud events need " + TransactionCodec.LENGTH +
                " payload bytes, the event holds " + event.maxLength());
        }
        locate(i);
        event.timestamp(timestamp(i));
        final MutableDirectBuffer buffer = event.buffer();
        final int offset = event.payloadOffset();
        switch (role)
        {
            case ROLE_BLOCK:
            case ROLE_UNBLOCK:
            {
                final boolean card = episodePattern == FraudPattern.BLOCKED_CARD;
                event.type(FraudEventType.BLOCK_LIST_UPDATE);
                blockUpdate.wrap(buffer, offset).encode(
                    card ? COMPROMISED_CARD_ID_BASE + block : BLOCKED_MERCHANT_ID_BASE + block,
                    card ? BlockListUpdateCodec.CARD : BlockListUpdateCodec.MERCHANT,
                    role == ROLE_BLOCK ? BlockListUpdateCodec.BLOCK : BlockListUpdateCodec.UNBLOCK);
                event.length(BlockListUpdateCodec.LENGTH);
                return;
            }

            case ROLE_FRAUD:
                encodeFraud(buffer, offset, i);
                break;

            case ROLE_PRIMING:
                encodeNormal(buffer, offset, i, victim(block));
                break;

            default:
                encodeNormal(buffer, offset, i, bounded(hash(seed, i, STREAM_CARD), cardCount));
                break;
        }
        event.type(FraudEventType.TRANSACTION);
        event.length(TransactionCodec.LENGTH);
    }

    private void encodeNormal(final MutableDirectBuffer buffer, final int offset, final long i, final int card)
    {
        final long merchantId = usualMerchant(card, bounded(hash(seed, i, STREAM_MERCHANT), USUAL_MERCHANTS));
        final double u = unit(hash(seed, i, STREAM_AMOUNT));
        final long amount = Math.max(1, (long)(typicalCents(card) * (0.25 + 2.75 * u * u)));
        final byte channel = bounded(hash(seed, i, STREAM_CHANNEL), 10) < 3 ? Channel.ONLINE : Channel.CARD_PRESENT;
        encode(buffer, offset, i, CARD_ID_BASE + card, merchantId, amount,
            homeLatitude(card) + jitter(i, STREAM_JITTER_LAT), homeLongitude(card) + jitter(i, STREAM_JITTER_LON),
            channel);
    }

    private void encodeFraud(final MutableDirectBuffer buffer, final int offset, final long i)
    {
        final double u = unit(hash(seed, i, STREAM_AMOUNT));
        switch (episodePattern)
        {
            case FraudPattern.VELOCITY_BURST:
            {
                final int card = victim(block);
                encode(buffer, offset, i, CARD_ID_BASE + card, randomMerchant(i), 100 + (long)(1_900 * u),
                    homeLatitude(card) + jitter(i, STREAM_JITTER_LAT),
                    homeLongitude(card) + jitter(i, STREAM_JITTER_LON), Channel.ONLINE);
                break;
            }

            case FraudPattern.AMOUNT_SPIKE:
            {
                final int card = victim(block);
                final long amount =
                    Math.max((long)(typicalCents(card) * (15 + 25 * u)), 120_000 + (long)(200_000 * u));
                encode(buffer, offset, i, CARD_ID_BASE + card, usualMerchant(card, 0), amount,
                    homeLatitude(card) + jitter(i, STREAM_JITTER_LAT),
                    homeLongitude(card) + jitter(i, STREAM_JITTER_LON), Channel.CARD_PRESENT);
                break;
            }

            case FraudPattern.IMPOSSIBLE_TRAVEL:
            {
                final int card = victim(block);
                final int home = homeCity(card);
                final int far = (home + 1 + bounded(hash(seed, block, STREAM_FAR_CITY), CITIES.length - 1)) %
                    CITIES.length;
                encode(buffer, offset, i, CARD_ID_BASE + card, randomMerchant(i),
                    (long)(typicalCents(card) * (0.5 + u)), CITIES[far][0] + jitter(i, STREAM_JITTER_LAT),
                    CITIES[far][1] + jitter(i, STREAM_JITTER_LON), Channel.CARD_PRESENT);
                break;
            }

            case FraudPattern.BLOCKED_CARD:
            {
                final int city = bounded(hash(seed, block, STREAM_FAR_CITY), CITIES.length);
                encode(buffer, offset, i, COMPROMISED_CARD_ID_BASE + block, randomMerchant(i),
                    2_000 + (long)(50_000 * u), CITIES[city][0] + jitter(i, STREAM_JITTER_LAT),
                    CITIES[city][1] + jitter(i, STREAM_JITTER_LON), Channel.ONLINE);
                break;
            }

            default: // BLOCKED_MERCHANT
            {
                final int card = bounded(hash(seed, i, STREAM_CARD), cardCount);
                encode(buffer, offset, i, CARD_ID_BASE + card, BLOCKED_MERCHANT_ID_BASE + block,
                    Math.max(1, (long)(typicalCents(card) * (0.25 + 2.75 * u * u))),
                    homeLatitude(card) + jitter(i, STREAM_JITTER_LAT),
                    homeLongitude(card) + jitter(i, STREAM_JITTER_LON), Channel.CARD_PRESENT);
                break;
            }
        }
    }

    private void encode(
        final MutableDirectBuffer buffer,
        final int offset,
        final long transactionId,
        final long cardId,
        final long merchantId,
        final long amount,
        final int latitude,
        final int longitude,
        final byte channel)
    {
        transaction.wrap(buffer, offset).encode(transactionId, cardId, merchantId, amount, latitude, longitude,
            CATEGORIES[(int)(merchantId % CATEGORIES.length)], channel);
    }

    private int jitter(final long i, final long stream)
    {
        return bounded(hash(seed, i, stream), 2 * LOCAL_SPREAD_E6 + 1) - LOCAL_SPREAD_E6;
    }

    private int victim(final long episodeBlock)
    {
        return bounded(hash(seed, episodeBlock, STREAM_VICTIM), cardCount);
    }

    private long randomMerchant(final long i)
    {
        return MERCHANT_ID_BASE + bounded(hash(seed, i, STREAM_MERCHANT), merchantCount);
    }

    private long usualMerchant(final int card, final int which)
    {
        final long bits = hash(seed, (long)card * USUAL_MERCHANTS + which, STREAM_USUAL);
        return MERCHANT_ID_BASE + bounded(bits, merchantCount);
    }

    private int homeCity(final int card)
    {
        return bounded(hash(seed, card, STREAM_HOME), CITIES.length);
    }

    private int homeLatitude(final int card)
    {
        return CITIES[homeCity(card)][0] + bounded(hash(seed, card, STREAM_HOME_LAT), 2 * HOME_SPREAD_E6 + 1) -
            HOME_SPREAD_E6;
    }

    private int homeLongitude(final int card)
    {
        return CITIES[homeCity(card)][1] + bounded(hash(seed, card, STREAM_HOME_LON), 2 * HOME_SPREAD_E6 + 1) -
            HOME_SPREAD_E6;
    }

    private long typicalCents(final int card)
    {
        final double u = unit(hash(seed, card, STREAM_TYPICAL));
        return 500 + (long)(15_500 * u * u);
    }

    /**
     * Decide what event {@code i} is: sets {@link #role}, {@link #episodePattern} and {@link #block} (the block whose
     * episode it belongs to; for an unblock, the block whose entity it unblocks).
     */
    private void locate(final long i)
    {
        if (i < 1)
        {
            throw new IllegalArgumentException("event numbers start at 1, was " + i);
        }
        final long index = i - 1;
        final long currentBlock = index / EPISODE_BLOCK;
        final int offsetInBlock = (int)(index % EPISODE_BLOCK);
        role = ROLE_NORMAL;
        episodePattern = FraudPattern.NONE;
        block = currentBlock;

        if (offsetInBlock == EPISODE_BLOCK - 1 && currentBlock >= UNBLOCK_LAG_BLOCKS)
        {
            final long blockedIn = currentBlock - UNBLOCK_LAG_BLOCKS;
            final int earlier = blockPattern(blockedIn);
            if (earlier == FraudPattern.BLOCKED_CARD || earlier == FraudPattern.BLOCKED_MERCHANT)
            {
                role = ROLE_UNBLOCK;
                episodePattern = earlier;
                block = blockedIn;
                return;
            }
        }

        final int pattern = blockPattern(currentBlock);
        if (pattern == FraudPattern.NONE)
        {
            return;
        }
        final int start = bounded(hash(seed, currentBlock, STREAM_START), EPISODE_BLOCK - EPISODE_MAX_SPAN);
        final int delta = offsetInBlock - start;
        if (delta < 0)
        {
            return;
        }
        switch (pattern)
        {
            case FraudPattern.VELOCITY_BURST:
                final int burstLength = 12 + bounded(hash(seed, currentBlock, STREAM_LENGTH), 12);
                if (delta < 2 * burstLength && (delta & 1) == 0)
                {
                    role = ROLE_FRAUD;
                }
                break;

            case FraudPattern.AMOUNT_SPIKE:
                role = delta == 0 ? ROLE_FRAUD : ROLE_NORMAL;
                break;

            case FraudPattern.IMPOSSIBLE_TRAVEL:
                role = delta == 0 ? ROLE_PRIMING : delta == 3 || delta == 6 ? ROLE_FRAUD : ROLE_NORMAL;
                break;

            default: // BLOCKED_CARD, BLOCKED_MERCHANT
                role = delta == 0 ? ROLE_BLOCK : delta == 4 || delta == 8 ? ROLE_FRAUD : ROLE_NORMAL;
                break;
        }
        if (role != ROLE_NORMAL)
        {
            episodePattern = pattern;
        }
    }

    private int blockPattern(final long episodeBlock)
    {
        if (bounded(hash(seed, episodeBlock, STREAM_EPISODE), 1000) >= EPISODE_PER_MILLE)
        {
            return FraudPattern.NONE;
        }
        final int kind = bounded(hash(seed, episodeBlock, STREAM_KIND), 1000);
        return kind < 300 ? FraudPattern.VELOCITY_BURST :
            kind < 550 ? FraudPattern.AMOUNT_SPIKE :
            kind < 750 ? FraudPattern.IMPOSSIBLE_TRAVEL :
            kind < 900 ? FraudPattern.BLOCKED_CARD : FraudPattern.BLOCKED_MERCHANT;
    }
}
