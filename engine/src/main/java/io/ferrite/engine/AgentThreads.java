package io.ferrite.engine;

import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.CompositeAgent;
import org.agrona.concurrent.IdleStrategy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Maps the engine's agents to threads according to its {@link ThreadingMode}, the only place that knows the mode:
 * <ul>
 *   <li>DEDICATED: an {@link AgentRunner} per agent, each pinnable; sinks start before recovery replays (they take
 *   the replayed outputs), the pipeline after it;</li>
 *   <li>SHARED: one runner over a {@link CompositeAgent} of journaller → stages → sinks, plus the snapshot writer on a
 *   sleeping thread of its own;</li>
 *   <li>DEDICATED and SHARED, with {@code FlushPolicy.BATCH}: the {@link FlusherAgent} on a thread of its own, which
 *   waits in {@code fdatasync} or parks (never spins), so it needs no core of its own;</li>
 *   <li>INVOKER: an {@link AgentInvoker} over journaller → stages → snapshot writer → sinks, driven by
 *   {@link Engine#invoke()}.</li>
 * </ul>
 * Every busy agent idles with the engine's one idle strategy type; the snapshot writer, which only wakes to write a
 * file, always sleeps 1 ms between polls so that it never takes a core of its own.
 */
final class AgentThreads
{
    private static final int STOP_WAIT_MS = (int)TimeUnit.SECONDS.toMillis(5);
    /** The flusher's idle back-off: a few polls, then parking from 1 µs up to 100 µs while nothing is appended. */
    private static final int FLUSHER_SPINS = 10;
    private static final int FLUSHER_YIELDS = 10;
    private static final long FLUSHER_MIN_PARK_NS = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long FLUSHER_MAX_PARK_NS = TimeUnit.MICROSECONDS.toNanos(100);

    private final EngineConfiguration config;
    private final Topology topology;
    private final Pinning pinning;
    private final org.agrona.ErrorHandler errorHandler;
    private final List<AgentRunner> runners = new ArrayList<>();
    private final List<String> stuck = new ArrayList<>();
    private AgentInvoker invoker;
    private Thread invokingThread;

    AgentThreads(
        final EngineConfiguration config,
        final Topology topology,
        final Pinning pinning,
        final org.agrona.ErrorHandler errorHandler)
    {
        this.config = config;
        this.topology = topology;
        this.pinning = pinning;
        this.errorHandler = errorHandler;
    }

    /**
     * Before replay: in DEDICATED mode start the sinks' threads; otherwise make an emitting processor that finds the
     * output ring full run the sinks itself, since they share its thread.
     */
    void startSinks()
    {
        if (config.threadingMode == ThreadingMode.DEDICATED)
        {
            topology.outputs.whileFull(OutputPublisher.idleWith(config.waitStrategy));
            for (final SinkAgent sink : topology.sinks)
            {
                start(sink, sink.roleName(), config.cpuOf(sink.roleName(), -1), config.waitStrategy.newIdleStrategy());
            }
        }
        else
        {
            final SinkAgent[] sinks = topology.sinks;
            topology.outputs.whileFull(() ->
            {
                for (final SinkAgent sink : sinks)
                {
                    sink.doWork();
                }
            });
        }
    }

    /** After replay: run the pipeline live. */
    void startPipeline(final Thread caller)
    {
        final List<Agent> pipeline = new ArrayList<>();
        if (null != topology.journaller)
        {
            pipeline.add(topology.journaller);
        }
        for (final ProcessorAgent processor : topology.processors)
        {
            pipeline.add(processor);
        }
        switch (config.threadingMode)
        {
            case DEDICATED:
                for (final Agent agent : pipeline)
                {
                    start(agent, agent.roleName(), cpuOf(agent), config.waitStrategy.newIdleStrategy());
                }
                startFlusher();
                startSnapshotWriter();
                break;

            case SHARED:
                for (final ProcessorAgent processor : topology.processors)
                {
                    final int cpu = config.pipeline.processors().get(processor.index()).cpu();
                    if (cpu >= 0)
                    {
                        pinning.ignored(processor.roleName(), cpu, "a SHARED engine runs every processor on its " +
                            "one thread; pin(\"" + EngineConfiguration.SHARED_ROLE + "\", cpu) pins that thread");
                    }
                }
                addAll(pipeline, topology.sinks);
                start(new CompositeAgent(pipeline), EngineConfiguration.SHARED_ROLE,
                    config.cpuOf(EngineConfiguration.SHARED_ROLE, -1), config.waitStrategy.newIdleStrategy());
                startFlusher();
                startSnapshotWriter();
                break;

            case INVOKER:
            default:
                if (null != topology.snapshotWriter)
                {
                    pipeline.add(topology.snapshotWriter);
                }
                addAll(pipeline, topology.sinks);
                invoker = new AgentInvoker(errorHandler, null, new CompositeAgent(pipeline));
                invoker.start();
                invokingThread = caller;
                break;
        }
    }

    /**
     * One duty cycle of every agent, on the calling thread (INVOKER mode).
     *
     * @return the work done.
     */
    int invoke()
    {
        if (null == invoker)
        {
            throw new IllegalStateException(config.threadingMode == ThreadingMode.INVOKER ?
                "engine is not running: invoke() works between start() and stop()" :
                "invoke() is for ThreadingMode.INVOKER engines; this one runs " + config.threadingMode);
        }
        if (Thread.currentThread() != invokingThread)
        {
            throw new IllegalStateException("invoke() must be called from the thread that started the engine (" +
                invokingThread.getName() + "), not " + Thread.currentThread().getName());
        }
        return invoker.invoke();
    }

    /** @return true if the calling thread is the one that drives this INVOKER engine. */
    boolean isInvokingThread()
    {
        return null != invoker && Thread.currentThread() == invokingThread;
    }

    boolean isInvoker()
    {
        return config.threadingMode == ThreadingMode.INVOKER;
    }

    /**
     * Stop every thread, waiting up to 5 s for each.
     *
     * @return the names of threads that did not end (stuck in a processor or sink callback).
     */
    List<String> stop()
    {
        stuck.clear();
        for (final AgentRunner runner : runners)
        {
            if (null != topology.snapshotWriter && runner.agent() == topology.snapshotWriter)
            {
                topology.snapshotWriter.prepareToClose();
            }
            try
            {
                runner.close(STOP_WAIT_MS, thread ->
                {
                    stuck.add(thread.getName());
                    throw new StuckThread();
                });
            }
            catch (final StuckThread ignore)
            {
                // Recorded above; the caller decides what to leave open.
            }
        }
        runners.clear();
        if (null != invoker)
        {
            invoker.close();
            invoker = null;
        }
        return List.copyOf(stuck);
    }

    /**
     * After the journaller's runner, so that a stop ends the journaller first and the flusher's last cycle forces
     * everything it appended. The flusher blocks in {@code fdatasync} or parks, never spins: a thread, not a core.
     */
    private void startFlusher()
    {
        if (null != topology.flusher)
        {
            start(topology.flusher, FlusherAgent.NAME, -1, new BackoffIdleStrategy(
                FLUSHER_SPINS, FLUSHER_YIELDS, FLUSHER_MIN_PARK_NS, FLUSHER_MAX_PARK_NS));
        }
    }

    private void startSnapshotWriter()
    {
        if (null != topology.snapshotWriter)
        {
            start(topology.snapshotWriter, SnapshotWriterAgent.NAME, -1, SnapshotWriterAgent.newIdleStrategy());
        }
    }

    private int cpuOf(final Agent agent)
    {
        if (agent instanceof ProcessorAgent)
        {
            final ProcessorAgent processor = (ProcessorAgent)agent;
            return config.cpuOf(processor.roleName(), config.pipeline.processors().get(processor.index()).cpu());
        }
        return config.cpuOf(agent.roleName(), -1);
    }

    private void start(final Agent agent, final String role, final int cpu, final IdleStrategy idle)
    {
        final AgentRunner runner = new AgentRunner(idle, errorHandler, null, agent);
        runners.add(runner);
        AgentRunner.startOnThread(runner, task ->
        {
            final Thread thread = new Thread(() ->
            {
                pinning.pinCurrentThread(role, cpu);
                task.run();
            }, "ferrite-" + role.replace(':', '-'));
            thread.setDaemon(true);
            return thread;
        });
    }

    private static void addAll(final List<Agent> list, final Agent[] agents)
    {
        for (final Agent agent : agents)
        {
            list.add(agent);
        }
    }

    /** Breaks out of {@link AgentRunner#close(int, java.util.function.Consumer)}'s retry loop. */
    private static final class StuckThread extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        StuckThread()
        {
            super(null, null, false, false);
        }
    }
}
