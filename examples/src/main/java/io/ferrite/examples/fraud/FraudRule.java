package io.ferrite.examples.fraud;

/**
 * The rules {@link FraudScorer} applies, as bits of the {@link DecisionCodec rules mask}, with the weight each adds to
 * the score and the thresholds they use. All windows are on event time ({@code EventContext.timestamp()}).
 * <pre>
 *   bit  rule               weight  fires when
 *   0    VELOCITY_COUNT      400    this card made at least {@value #VELOCITY_COUNT_THRESHOLD} transactions (this one included)
 *                                   within {@value #VELOCITY_WINDOW_SECONDS} s
 *   1    VELOCITY_AMOUNT     200    the card has a profile and its amount over the last hour (this one included)
 *                                   exceeds {@value #VELOCITY_AMOUNT_FACTOR} x its typical amount and
 *                                   {@value #VELOCITY_AMOUNT_MIN_CENTS} cents
 *   2    AMOUNT_SPIKE        500    with a profile: amount &gt; {@value #SPIKE_FACTOR} x typical and &gt;
 *                                   {@value #SPIKE_MIN_CENTS} cents; without one: amount &gt; {@value #COLD_SPIKE_CENTS}
 *                                   cents
 *   3    IMPOSSIBLE_TRAVEL   600    the distance from the card's last approved location is over
 *                                   {@value #TRAVEL_MIN_KM} km and the speed needed over {@value #TRAVEL_MAX_KMH} km/h
 *   4    BLOCKED_CARD       1000    the card is on the block list
 *   5    BLOCKED_MERCHANT   1000    the merchant is on the block list
 *   6    RISKY_MERCHANT      150    over a quarter of the merchant's recent transactions were not approved (decayed
 *                                   average, after at least {@value #RISKY_MERCHANT_MIN_TRANSACTIONS} transactions)
 * </pre>
 * A card "has a profile" after {@value #WARM_UP_APPROVALS} approved transactions; its typical amount is an
 * exponentially weighted mean of approved amounts (weight 1/8). The velocity windows see the card's last
 * {@value #VELOCITY_HISTORY} transactions, which covers any legitimate pattern; beyond that they saturate.
 */
public final class FraudRule
{
    /**
     * Too many transactions in a minute.
     */
    public static final int VELOCITY_COUNT = 1;

    /**
     * Too much spent in an hour for this card.
     */
    public static final int VELOCITY_AMOUNT = 1 << 1;

    /**
     * One amount far above the card's profile.
     */
    public static final int AMOUNT_SPIKE = 1 << 2;

    /**
     * Two transactions too far apart for the time between them.
     */
    public static final int IMPOSSIBLE_TRAVEL = 1 << 3;

    /**
     * The card is blocked.
     */
    public static final int BLOCKED_CARD = 1 << 4;

    /**
     * The merchant is blocked.
     */
    public static final int BLOCKED_MERCHANT = 1 << 5;

    /**
     * The merchant's recent transactions are often not approved.
     */
    public static final int RISKY_MERCHANT = 1 << 6;

    /**
     * Weight of {@link #VELOCITY_COUNT}.
     */
    public static final int VELOCITY_COUNT_WEIGHT = 400;

    /**
     * Weight of {@link #VELOCITY_AMOUNT}.
     */
    public static final int VELOCITY_AMOUNT_WEIGHT = 200;

    /**
     * Weight of {@link #AMOUNT_SPIKE}.
     */
    public static final int AMOUNT_SPIKE_WEIGHT = 500;

    /**
     * Weight of {@link #IMPOSSIBLE_TRAVEL}.
     */
    public static final int IMPOSSIBLE_TRAVEL_WEIGHT = 600;

    /**
     * Weight of {@link #BLOCKED_CARD} and {@link #BLOCKED_MERCHANT}: enough to decline alone.
     */
    public static final int BLOCKED_WEIGHT = 1000;

    /**
     * Weight of {@link #RISKY_MERCHANT}: not enough to act alone.
     */
    public static final int RISKY_MERCHANT_WEIGHT = 150;

    /**
     * Length of the count window, in seconds.
     */
    public static final int VELOCITY_WINDOW_SECONDS = 60;

    /**
     * Transactions within the count window (this one included) that fire {@link #VELOCITY_COUNT}.
     */
    public static final int VELOCITY_COUNT_THRESHOLD = 4;

    /**
     * Multiple of the typical amount that the hourly amount must exceed.
     */
    public static final int VELOCITY_AMOUNT_FACTOR = 10;

    /**
     * Hourly amount, in cents, that must also be exceeded.
     */
    public static final long VELOCITY_AMOUNT_MIN_CENTS = 50_000;

    /**
     * Multiple of the typical amount that makes a spike.
     */
    public static final int SPIKE_FACTOR = 8;

    /**
     * Amount in cents that a spike must also exceed.
     */
    public static final long SPIKE_MIN_CENTS = 20_000;

    /**
     * Amount in cents that is a spike for a card without a profile.
     */
    public static final long COLD_SPIKE_CENTS = 100_000;

    /**
     * Approved transactions before a card has a profile.
     */
    public static final int WARM_UP_APPROVALS = 3;

    /**
     * Shortest distance, in km, that can be impossible travel (smaller jumps are terminal or geolocation noise).
     */
    public static final int TRAVEL_MIN_KM = 500;

    /**
     * Fastest plausible travel, in km/h.
     */
    public static final int TRAVEL_MAX_KMH = 1000;

    /**
     * Transactions the merchant must have seen before {@link #RISKY_MERCHANT} can fire.
     */
    public static final int RISKY_MERCHANT_MIN_TRANSACTIONS = 20;

    /**
     * How many recent transactions per card the velocity windows see.
     */
    public static final int VELOCITY_HISTORY = 8;

    private static final String[] NAMES = {
        "VELOCITY_COUNT", "VELOCITY_AMOUNT", "AMOUNT_SPIKE", "IMPOSSIBLE_TRAVEL", "BLOCKED_CARD", "BLOCKED_MERCHANT",
        "RISKY_MERCHANT"};

    private FraudRule()
    {
    }

    /**
     * @param rules a rules mask.
     * @return the names of the rules in it joined by '+', or "NONE".
     */
    public static String names(final int rules)
    {
        if (rules == 0)
        {
            return "NONE";
        }
        final StringBuilder builder = new StringBuilder();
        for (int bit = 0; bit < 32; bit++)
        {
            if ((rules & (1 << bit)) != 0)
            {
                if (builder.length() > 0)
                {
                    builder.append('+');
                }
                builder.append(bit < NAMES.length ? NAMES[bit] : "BIT" + bit);
            }
        }
        return builder.toString();
    }
}
