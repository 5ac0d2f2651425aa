package io.ferrite.examples.fraud;

/**
 * The outcome of scoring a transaction, from its score (0..1000, the capped sum of the weights of the
 * {@link FraudRule rules} that fired): at least {@value #DECLINE_SCORE} declines, at least {@value #REVIEW_SCORE}
 * sends to review, anything lower approves.
 */
public final class Decision
{
    /**
     * Let the transaction through.
     */
    public static final byte APPROVE = 1;

    /**
     * Let it through but queue it for an analyst.
     */
    public static final byte REVIEW = 2;

    /**
     * Refuse it.
     */
    public static final byte DECLINE = 3;

    /**
     * Lowest score that sends a transaction to review.
     */
    public static final int REVIEW_SCORE = 300;

    /**
     * Lowest score that declines a transaction.
     */
    public static final int DECLINE_SCORE = 700;

    /**
     * Highest score.
     */
    public static final int MAX_SCORE = 1000;

    private Decision()
    {
    }

    /**
     * @param score a score in 0..{@value #MAX_SCORE}.
     * @return the decision it leads to.
     */
    public static byte of(final int score)
    {
        return score >= DECLINE_SCORE ? DECLINE : score >= REVIEW_SCORE ? REVIEW : APPROVE;
    }

    /**
     * @param decision a decision code.
     * @return its name, or "DECISION(n)" if unknown.
     */
    public static String name(final byte decision)
    {
        switch (decision)
        {
            case APPROVE:
                return "APPROVE";
            case REVIEW:
                return "REVIEW";
            case DECLINE:
                return "DECLINE";
            default:
                return "DECISION(" + decision + ")";
        }
    }
}
