package io.ferrite.examples.fraud;

/**
 * The kinds of fraud {@link FraudGenerator} injects, so that a test can tell for each event whether it is fraud and
 * of which kind ({@link FraudGenerator#pattern(long)}) and measure precision and recall.
 */
public final class FraudPattern
{
    /**
     * Not injected fraud: a normal transaction or a control event.
     */
    public static final int NONE = 0;

    /**
     * Card testing: a burst of small online transactions on one card within seconds.
     */
    public static final int VELOCITY_BURST = 1;

    /**
     * One transaction far above the card's usual amounts.
     */
    public static final int AMOUNT_SPIKE = 2;

    /**
     * A card used on another continent moments after a normal transaction at home.
     */
    public static final int IMPOSSIBLE_TRAVEL = 3;

    /**
     * A compromised card used after it was put on the block list.
     */
    public static final int BLOCKED_CARD = 4;

    /**
     * Transactions at a merchant after it was put on the block list.
     */
    public static final int BLOCKED_MERCHANT = 5;

    /**
     * Number of pattern codes, {@link #NONE} included.
     */
    public static final int COUNT = 6;

    private FraudPattern()
    {
    }

    /**
     * @param pattern a pattern code.
     * @return its name, or "PATTERN(n)".
     */
    public static String name(final int pattern)
    {
        switch (pattern)
        {
            case NONE:
                return "NONE";
            case VELOCITY_BURST:
                return "VELOCITY_BURST";
            case AMOUNT_SPIKE:
                return "AMOUNT_SPIKE";
            case IMPOSSIBLE_TRAVEL:
                return "IMPOSSIBLE_TRAVEL";
            case BLOCKED_CARD:
                return "BLOCKED_CARD";
            case BLOCKED_MERCHANT:
                return "BLOCKED_MERCHANT";
            default:
                return "PATTERN(" + pattern + ")";
        }
    }
}
