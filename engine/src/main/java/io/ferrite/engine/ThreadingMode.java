package io.ferrite.engine;

/**
 * How an engine's agents (journaller, processors, snapshot writer, sinks) map to threads. The agents are the same in
 * every mode and do not know which one runs them, so every mode yields the same journal, outputs and state digests
 * for the same input; only latency, throughput and CPU use differ.
 * <pre>
 *   DEDICATED   journaller │ P1 │ P2 │ ... │ sink:a │ ...        a thread per agent, each pinnable
 *   SHARED      [journaller → P1 → P2 → ... → sinks]          one engine thread, agents in pipeline order
 *   INVOKER     [same as SHARED, driven by Engine.invoke()]    no engine thread: the host's loop drives it
 * </pre>
 * The snapshot writer, which only wakes to write files, has a sleeping thread of its own in DEDICATED and SHARED, so
 * no pipeline thread ever waits on disk; in INVOKER it runs inside {@code invoke()}, so the host owns every thread.
 */
public enum ThreadingMode
{
    /**
     * A thread per agent, each pinnable with {@link EngineBuilder#pin}. Lowest latency when every busy thread has a
     * core of its own (isolated, with the busy-spin wait strategy); on a machine with fewer cores than busy threads the
     * hand-offs between threads cost more than the work.
     */
    DEDICATED,
    /**
     * One engine thread runs every agent in pipeline order, one bounded batch each per duty cycle (journaller →
     * stage 1 → … → sinks); producers publish from their own threads. Best when free cores are fewer than agents:
     * no cross-thread hand-off inside the pipeline. Pin it with {@code pin("engine", cpu)}.
     */
    SHARED,
    /**
     * No engine thread: the embedding application calls {@link Engine#invoke()} from its own loop, which runs one duty
     * cycle of every agent on the calling thread. The mode for hosts that own their thread and need determinism, such
     * as an Aeron Cluster service. Publishing methods that would wait for ring space drive the agents themselves when
     * called on the invoking thread.
     */
    INVOKER;

    /**
     * The mode an engine gets when none is configured.
     *
     * @param cpus        CPUs this JVM may use.
     * @param busyThreads threads a DEDICATED engine and its producer would keep busy.
     * @return {@link #DEDICATED} when there is a core for each busy thread, else {@link #SHARED}.
     */
    static ThreadingMode defaultFor(final int cpus, final int busyThreads)
    {
        return cpus >= busyThreads ? DEDICATED : SHARED;
    }
}
