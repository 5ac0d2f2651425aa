package io.ferrite.examples.fraud;

/**
 * Event and output types of the fraud application.
 * <pre>
 *   input                     payload layout             outputs it causes
 *   TRANSACTION          1    {@link TransactionCodec}           DECISION (or REJECTED)
 *   BLOCK_LIST_UPDATE    2    {@link BlockListUpdateCodec}       BLOCK_LIST_UPDATED (or REJECTED)
 *   any other type            -                          REJECTED with {@link FraudReason#UNKNOWN_EVENT_TYPE}
 * </pre>
 */
public final class FraudEventType
{
    /**
     * A card transaction to score.
     */
    public static final int TRANSACTION = 1;

    /**
     * A control event: block or unblock a card or a merchant.
     */
    public static final int BLOCK_LIST_UPDATE = 2;

    /**
     * Output: approve / review / decline with a score and the rules that fired, see {@link DecisionCodec}.
     */
    public static final int DECISION = 101;

    /**
     * Output: an input that could not be processed, with a reason, see {@link FraudRejectCodec}.
     */
    public static final int REJECTED = 102;

    /**
     * Output: acknowledgement of a block-list update, see {@link BlockListUpdatedCodec}.
     */
    public static final int BLOCK_LIST_UPDATED = 103;

    private FraudEventType()
    {
    }

    /**
     * @param type an input or output type.
     * @return its name, or "TYPE(n)" for an unknown type.
     */
    public static String name(final int type)
    {
        switch (type)
        {
            case TRANSACTION:
                return "TRANSACTION";
            case BLOCK_LIST_UPDATE:
                return "BLOCK_LIST_UPDATE";
            case DECISION:
                return "DECISION";
            case REJECTED:
                return "REJECTED";
            case BLOCK_LIST_UPDATED:
                return "BLOCK_LIST_UPDATED";
            default:
                return "TYPE(" + type + ")";
        }
    }
}
