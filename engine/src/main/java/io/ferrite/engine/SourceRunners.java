package io.ferrite.engine;

import io.ferrite.journal.FlushPolicy;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Starts each configured source after recovery, each on its own thread under an Agrona {@link AgentRunner}, and
 * stops them before the engine drains. The agents themselves know nothing of threads: a SHARED or INVOKER engine can
 * put them in a composite instead.
 */
final class SourceRunners
{
    private final List<SourceAgent> agents;
    private final List<AgentRunner> runners = new ArrayList<>();

    private SourceRunners(final List<SourceAgent> agents)
    {
        this.agents = agents;
    }

    /**
     * Open every source at its journaled position (on the calling thread, so that a bad file or broker fails the
     * start) and start its thread.
     */
    static SourceRunners start(
        final Engine engine,
        final EngineConfiguration config,
        final long journalTail,
        final ErrorHandler agentErrors)
    {
        final List<SourceAgent> agents = new ArrayList<>();
        try
        {
            for (final SourceSpec spec : config.sources)
            {
                final SourcePositions resume = new SourcePositions();
                final SourcePositionLog log = SourcePositionLog.open(config.dataDirectory, spec.name(), journalTail,
                    spec.batchCapacity(), config.flushPolicy != FlushPolicy.NONE, resume);
                final SourceAgent agent = new SourceAgent(spec, engine, log, journalTail, config.maxEventLength);
                try
                {
                    spec.source().open(resume);
                }
                catch (final RuntimeException ex)
                {
                    log.close();
                    throw ex;
                }
                agent.resumedAt(resume);
                agents.add(agent);
            }
        }
        catch (final RuntimeException ex)
        {
            for (final SourceAgent agent : agents)
            {
                agent.onClose();
            }
            throw ex;
        }
        final SourceRunners runners = new SourceRunners(Collections.unmodifiableList(agents));
        for (final SourceAgent agent : agents)
        {
            final AgentRunner runner = new AgentRunner(
                new BackoffIdleStrategy(10, 20, TimeUnit.MICROSECONDS.toNanos(1), TimeUnit.MILLISECONDS.toNanos(1)),
                agentErrors, null, agent);
            runners.runners.add(runner);
            AgentRunner.startOnThread(runner, r ->
            {
                final Thread thread = new Thread(r, "ferrite-" + agent.roleName().replace(':', '-'));
                thread.setDaemon(true);
                return thread;
            });
        }
        return runners;
    }

    List<SourceAgent> agents()
    {
        return agents;
    }

    /**
     * @return true when no source is still running (each ended or failed).
     */
    boolean allDone()
    {
        for (final SourceAgent agent : agents)
        {
            if (agent.state() == SourceStatus.State.RUNNING)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Stop every source thread (each closes its source): whatever a source has read but not published is dropped
     * here and read again by the next run, as its position was never logged.
     */
    void stop()
    {
        for (final AgentRunner runner : runners)
        {
            runner.close();
        }
        runners.clear();
    }
}
