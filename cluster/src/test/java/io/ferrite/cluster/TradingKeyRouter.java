package io.ferrite.cluster;

import io.ferrite.examples.trading.CancelOrderCodec;
import io.ferrite.examples.trading.NewOrderCodec;
import io.ferrite.examples.trading.TradingEventType;
import org.agrona.DirectBuffer;
import org.agrona.collections.Long2LongHashMap;

import java.nio.ByteOrder;

/**
 * Routes the trading workload by instrument: a new order goes to the shard owning its instrument; a cancel, reduce
 * or move (which carry only the order id) follows its order to the shard it went to. An order id never seen goes by
 * the hash of the id, so the shard that rejects it is still a stable choice. Asking twice for the same event gives the
 * same answer, as {@link KeyRouter} requires.
 */
final class TradingKeyRouter implements KeyRouter
{
    private static final long UNKNOWN = -1;

    private final Long2LongHashMap shardOfOrder = new Long2LongHashMap(UNKNOWN);

    public int shard(final int type, final DirectBuffer buffer, final int offset, final int length, final int shards)
    {
        if (type == TradingEventType.NEW_ORDER && length >= NewOrderCodec.LENGTH)
        {
            final int instrument = buffer.getInt(offset + NewOrderCodec.INSTRUMENT_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final int shard = KeyRouter.shardOf(instrument, shards);
            shardOfOrder.put(buffer.getLong(offset + NewOrderCodec.ORDER_ID_OFFSET, ByteOrder.LITTLE_ENDIAN), shard);
            return shard;
        }
        if (length >= CancelOrderCodec.LENGTH)
        {
            // Cancel, reduce and move all start with the order id.
            final long orderId = buffer.getLong(offset + CancelOrderCodec.ORDER_ID_OFFSET, ByteOrder.LITTLE_ENDIAN);
            final long shard = shardOfOrder.get(orderId);
            return UNKNOWN == shard ? KeyRouter.shardOf(orderId, shards) : (int)shard;
        }
        return 0;
    }
}
