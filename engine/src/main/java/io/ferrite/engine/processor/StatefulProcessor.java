package io.ferrite.engine.processor;

import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

/**
 * A processor whose state can be snapshotted, restored and summarised by a digest.
 * <p>
 * All three methods run on the processor's thread (or the recovering thread before the pipeline starts), never
 * concurrently with {@link #onEvent(EventContext)}.
 */
public interface StatefulProcessor extends Processor
{
    /**
     * Write the complete state into {@code buffer} from offset 0. The buffer grows as needed (it is expandable).
     * Must be deterministic: the same state always writes the same bytes.
     *
     * @param buffer where to write.
     * @return the number of bytes written.
     */
    int writeSnapshot(MutableDirectBuffer buffer);

    /**
     * Replace the whole state with the one read from a snapshot written by {@link #writeSnapshot}.
     * Called on a freshly constructed processor.
     *
     * @param buffer holding the snapshot.
     * @param offset of the snapshot in {@code buffer}.
     * @param length of the snapshot.
     */
    void loadSnapshot(DirectBuffer buffer, int offset, int length);

    /**
     * A 64-bit digest of the whole state: equal states give equal digests, and a difference in state should change
     * it with overwhelming probability. Used to detect replay divergence and to compare crashed with uncrashed runs.
     * Called on the processor's thread every {@code digestEvery} events: if it walks the whole state, its cost is
     * paid by the pipeline then (keep {@code digestEvery} large, or maintain the digest incrementally).
     *
     * @return the digest.
     */
    long stateDigest();
}
