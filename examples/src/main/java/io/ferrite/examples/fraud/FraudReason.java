package io.ferrite.examples.fraud;

/**
 * Why {@link FraudScorer} rejected an input ({@link FraudRejectCodec}). A rejected input changes no state.
 */
public final class FraudReason
{
    /**
     * The payload length is not the one the event type's layout defines.
     */
    public static final short MALFORMED_PAYLOAD = 1;

    /**
     * The event type is not a fraud input.
     */
    public static final short UNKNOWN_EVENT_TYPE = 2;

    /**
     * A card, merchant or entity id is not positive.
     */
    public static final short INVALID_ID = 3;

    /**
     * The amount is not in {@code [1, FraudScorer.MAX_AMOUNT_CENTS]}.
     */
    public static final short INVALID_AMOUNT = 4;

    /**
     * Latitude is outside +/-90 degrees or longitude outside +/-180 degrees.
     */
    public static final short INVALID_LOCATION = 5;

    /**
     * The block-list entity kind is neither card nor merchant.
     */
    public static final short INVALID_ENTITY_KIND = 6;

    /**
     * The block-list action is neither block nor unblock.
     */
    public static final short INVALID_ACTION = 7;

    /**
     * The block list is at capacity; unblock something first.
     */
    public static final short BLOCK_LIST_FULL = 8;

    private FraudReason()
    {
    }

    /**
     * @param reason a reason code.
     * @return its name, or "REASON(n)".
     */
    public static String name(final short reason)
    {
        switch (reason)
        {
            case MALFORMED_PAYLOAD:
                return "MALFORMED_PAYLOAD";
            case UNKNOWN_EVENT_TYPE:
                return "UNKNOWN_EVENT_TYPE";
            case INVALID_ID:
                return "INVALID_ID";
            case INVALID_AMOUNT:
                return "INVALID_AMOUNT";
            case INVALID_LOCATION:
                return "INVALID_LOCATION";
            case INVALID_ENTITY_KIND:
                return "INVALID_ENTITY_KIND";
            case INVALID_ACTION:
                return "INVALID_ACTION";
            case BLOCK_LIST_FULL:
                return "BLOCK_LIST_FULL";
            default:
                return "REASON(" + reason + ")";
        }
    }
}
