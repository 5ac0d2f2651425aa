package io.ferrite.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * Runs one {@link Source}: a duty cycle that publishes what the source has read (with back-pressure) and asks it
 * for more only when all of that is published. Each {@link #doWork()} publishes at most one batch, so the agent can
 * share a thread with others.
 * <p>
 * <b>Publishing a batch:</b> claim as many input slots as the ring has free (up to the batch), copy the records in,
 * write their (sequence → position) entries to the {@link SourcePositionLog}, force it if the flush policy asks, and
 * only then commit the slots. The journaller can therefore never append a record whose position is not already
 * logged, and recovery finds every journaled record's position in the log. A full ring leaves the rest of the batch
 * for the next duty cycle: nothing is dropped, and the source reads nothing more meanwhile.
 * <p>
 * <b>Bad records</b> follow the source's {@link BadRecordPolicy}: HALT fails the agent with a message naming the
 * source and position; SKIP dead-letters the record, counts it and logs the skip, so a restart does not read it again.
 * <p>
 * <b>Threading:</b> {@link #doWork()} on one thread; the status getters from any thread. <b>Allocation:</b> none per
 * record on the publish path.
 */
final class SourceAgent implements Agent, SourceStatus
{

    private final String name;
    private final Source source;
    private final BadRecordPolicy policy;
    private final DeadLetterChannel deadLetters;
    private final Engine engine;
    private final SourcePositionLog log;
    private final SourceBatch batch;
    private final EventClaim[] claims;
    private final long limit;
    private long lastSequence;
    private volatile State state = State.RUNNING;
    private volatile String failure;
    private volatile long published;
    private volatile long deadLettered;
    private volatile long errors;
    private volatile int lastPartition = -1;
    private volatile long lastOffset;
    private volatile long lastAux;

    SourceAgent(
        final SourceSpec spec,
        final Engine engine,
        final SourcePositionLog log,
        final long journalTail,
        final int maxEventLength)
    {
        this.name = spec.name();
        this.source = spec.source();
        this.policy = spec.policy();
        this.deadLetters = spec.deadLetters();
        this.limit = spec.limit();
        this.engine = engine;
        this.log = log;
        this.batch = new SourceBatch(spec.batchCapacity(), maxEventLength);
        this.claims = new EventClaim[spec.batchCapacity()];
        for (int i = 0; i < claims.length; i++)
        {
            claims[i] = new EventClaim();
        }
        this.lastSequence = journalTail;
    }

    void resumedAt(final SourcePositions resume)
    {
        final int[] partitions = resume.partitions();
        if (partitions.length > 0)
        {
            final int p = partitions[partitions.length - 1];
            lastOffset = resume.offset(p, 0);
            lastAux = resume.aux(p, 0);
            lastPartition = p;
        }
    }

    @Override
    public String roleName()
    {
        return "source:" + name;
    }

    @Override
    public int doWork()
    {
        if (state != State.RUNNING)
        {
            return 0;
        }
        try
        {
            int work = publish();
            if (batch.isEmpty() && state == State.RUNNING)
            {
                if (limitReached() || source.isEnded())
                {
                    state = State.ENDED;
                    return work;
                }
                final int read = source.poll(batch);
                work += read;
                if (read > 0)
                {
                    work += publish();
                }
            }
            return work;
        }
        catch (final RuntimeException ex)
        {
            fail("source '" + name + "' failed" + (lastPartition < 0 ? "" : " after " +
                source.describePosition(lastPartition, lastOffset, lastAux)) + ": " + ex.getMessage(), ex);
            return 0;
        }
    }

    private int publish()
    {
        final SourceBatch batch = this.batch;
        final UnsafeBuffer memory = batch.memory();
        int claimed = 0;
        int done = 0;
        while (!batch.isEmpty())
        {
            final int i = batch.head();
            if (batch.isRejected(i))
            {
                commit(claimed);
                claimed = 0;
                if (!handleRejected(i))
                {
                    return done;
                }
                batch.advance();
                done++;
                continue;
            }
            if (limitReached())
            {
                break;
            }
            if (claimed == claims.length)
            {
                break;
            }
            final EventClaim claim = claims[claimed];
            if (!engine.tryClaim(claim))
            {
                break;
            }
            claim.type(batch.type(i));
            claim.timestamp(batch.timestamp(i));
            final int length = batch.length(i);
            claim.buffer().putBytes(0, memory, batch.payloadOffset(i), length);
            claim.length(length);
            final long sequence = claim.sequence();
            log.add(sequence, batch.partition(i), SourcePositionLog.KIND_RECORD, batch.offset(i), batch.aux(i));
            lastSequence = sequence;
            claimed++;
            done++;
            batch.advance();
            notePosition(batch, i);
        }
        commit(claimed);
        return done;
    }

    /**
     * The journal holds (or this agent has claimed) the limit's worth of events. Counted from this agent's own last
     * claimed sequence, since slots it has claimed but not yet committed are not published yet.
     */
    private boolean limitReached()
    {
        return Math.max(lastSequence, engine.lastPublishedSequence()) >= limit;
    }

    private void notePosition(final SourceBatch batch, final int i)
    {
        lastPartition = batch.partition(i);
        lastOffset = batch.offset(i);
        lastAux = batch.aux(i);
    }

    /** Log the positions of the claimed records first, then let the journaller have them. */
    private void commit(final int claimed)
    {
        if (claimed == 0)
        {
            return;
        }
        try
        {
            log.write();
        }
        catch (final RuntimeException ex)
        {
            // Without their positions logged the records must not be journaled: turn them into no-ops.
            for (int c = 0; c < claimed; c++)
            {
                claims[c].abort();
            }
            throw ex;
        }
        for (int c = 0; c < claimed; c++)
        {
            claims[c].commit();
        }
        published += claimed;
    }

    private boolean handleRejected(final int i)
    {
        final String position = source.describePosition(batch.partition(i), batch.offset(i), batch.aux(i));
        errors++;
        if (policy == BadRecordPolicy.HALT)
        {
            fail("source '" + name + "': bad record at " + position + ": " + batch.reason(i) +
                " (policy halt: fix the record and run again to continue from it, or use policy skip)", null);
            return false;
        }
        final byte[] raw = batch.rejectedBytes(i);
        deadLetters.deadLetter(name, position, batch.reason(i), new UnsafeBuffer(raw), 0, raw.length);
        log.add(lastSequence, batch.partition(i), SourcePositionLog.KIND_SKIPPED, batch.offset(i), batch.aux(i));
        log.write();
        notePosition(batch, i);
        deadLettered++;
        return true;
    }

    private void fail(final String message, final Throwable cause)
    {
        failure = message;
        state = State.FAILED;
        engine.sourceFailed(this, message, cause);
    }

    @Override
    public void onClose()
    {
        try
        {
            source.close();
        }
        finally
        {
            try
            {
                if (null != deadLetters)
                {
                    deadLetters.close();
                }
            }
            finally
            {
                log.close();
            }
        }
    }

    public String name()
    {
        return name;
    }

    public State state()
    {
        return state;
    }

    public String failure()
    {
        return failure;
    }

    public long published()
    {
        return published;
    }

    public long errors()
    {
        return errors;
    }

    public long deadLettered()
    {
        return deadLettered;
    }

    public String deadLetterChannel()
    {
        return null == deadLetters ? null : deadLetters.describe();
    }

    public String position()
    {
        final int partition = lastPartition;
        return partition < 0 ? "start" : source.describePosition(partition, lastOffset, lastAux);
    }
}
