package io.ferrite.examples.fraud;

/**
 * How a card was used, as encoded in {@link TransactionCodec}. Informational: every rule applies to both.
 */
public final class Channel
{
    /**
     * At a terminal; the location is the terminal's.
     */
    public static final byte CARD_PRESENT = 1;

    /**
     * Online; the location is the buyer's geolocated address.
     */
    public static final byte ONLINE = 2;

    private Channel()
    {
    }

    /**
     * @param channel a channel code.
     * @return its name, or "CHANNEL(n)".
     */
    public static String name(final byte channel)
    {
        switch (channel)
        {
            case CARD_PRESENT:
                return "CARD_PRESENT";
            case ONLINE:
                return "ONLINE";
            default:
                return "CHANNEL(" + channel + ")";
        }
    }
}
