package io.ferrite.engine;

import io.ferrite.engine.processor.MutableEvent;
import org.agrona.MutableDirectBuffer;

/**
 * A claimed slot of the input ring, written in place and then {@link #commit() committed} (or
 * {@link #abort() aborted}). Reusable: keep one per producer thread; nothing is allocated per event.
 * <pre>
 *   final EventClaim claim = new EventClaim();          // once, per producer thread
 *   engine.claim(claim);                                 // blocks while the ring is full
 *   claim.type(ORDER);
 *   claim.buffer().putLong(claim.payloadOffset(), 42L);
 *   claim.length(8);
 *   claim.commit();                                      // publish: journaled, then processed
 * </pre>
 * A claimed slot holds up every slot after it until it is committed or aborted: always do one of the two, in a
 * {@code finally} if writing the payload can throw. Not thread safe.
 */
public final class EventClaim implements MutableEvent
{
    private Ingress ingress;
    private InputSlot slot;
    private long ringSequence = -1;
    private boolean timestampSet;

    void wrap(final Ingress ingress, final InputSlot slot, final long ringSequence)
    {
        this.ingress = ingress;
        this.slot = slot;
        this.ringSequence = ringSequence;
        this.timestampSet = false;
        slot.type = 0;
        slot.length = 0;
        slot.snapshotAfter = false;
    }

    /**
     * @return true between a successful claim and its commit or abort.
     */
    public boolean isClaimed()
    {
        return ringSequence >= 0;
    }

    public long sequence()
    {
        checkClaimed();
        return slot.sequence;
    }

    public void type(final int type)
    {
        checkClaimed();
        if (EventTypes.isReserved(type))
        {
            throw new IllegalArgumentException("event type " + type + " is reserved for the engine: use types >= 0");
        }
        slot.type = type;
    }

    public void timestamp(final long timestamp)
    {
        checkClaimed();
        slot.timestamp = timestamp;
        timestampSet = true;
    }

    public MutableDirectBuffer buffer()
    {
        checkClaimed();
        return slot.buffer;
    }

    public int payloadOffset()
    {
        return 0;
    }

    public int maxLength()
    {
        checkClaimed();
        return slot.buffer.capacity();
    }

    public void length(final int length)
    {
        checkClaimed();
        if (length < 0 || length > slot.buffer.capacity())
        {
            throw new IllegalArgumentException(
                "payload length " + length + " outside [0, " + slot.buffer.capacity() + "] (maxEventLength) at sequence " +
                slot.sequence + "; the slot is still claimed: abort() it");
        }
        slot.length = length;
    }

    /**
     * Publish the event. Stamps the timestamp from the engine's clock unless one was set.
     */
    public void commit()
    {
        checkClaimed();
        ingress.commit(slot, ringSequence, timestampSet);
        ringSequence = -1;
        slot = null;
    }

    /**
     * Give the slot back. Sequences are dense and assigned at claim, so the slot is still journaled, as a
     * {@link EventTypes#NOOP} record that processors never see.
     */
    public void abort()
    {
        checkClaimed();
        slot.type = EventTypes.NOOP;
        slot.length = 0;
        ingress.commit(slot, ringSequence, false);
        ringSequence = -1;
        slot = null;
    }

    private void checkClaimed()
    {
        if (ringSequence < 0)
        {
            throw new IllegalStateException("no slot is claimed: call Engine.claim/tryClaim first");
        }
    }
}
