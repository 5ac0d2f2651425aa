/**
 * The engine: what an embedding application touches to run one, and (package-private) the machinery behind it.
 * <h2>Public: running an engine</h2>
 * {@link io.ferrite.engine.Engine} (lifecycle, publishing, observation), {@link io.ferrite.engine.EngineBuilder}
 * (every setting, validated once at {@code build()}), {@link io.ferrite.engine.ThreadingMode},
 * {@link io.ferrite.engine.WaitStrategyType}, {@link io.ferrite.engine.ProducerType},
 * {@link io.ferrite.engine.ExceptionPolicy}, the producer claims {@link io.ferrite.engine.EventClaim} and
 * {@link io.ferrite.engine.EventBatchClaim}, and what the engine reports ({@link io.ferrite.engine.RecoveryReport},
 * {@link io.ferrite.engine.EngineCounters}, {@link io.ferrite.engine.FerriteException}). Offline replay of a data
 * directory is {@link io.ferrite.engine.Replayer}. Processors and sinks are written against
 * {@link io.ferrite.engine.processor}; files are inspected with {@link io.ferrite.engine.inspect}.
 * <h2>Package-private: the machinery</h2>
 * <pre>
 *   producers ──► Ingress ──► InputRing ──► JournallerAgent ──► ProcessorAgent (stage 1) ──► … (stage n)
 *                                ▲              │ appends to the journal,      │ ctx.emit          │
 *                                │              │ marks snapshot points        ▼                   │
 *                due timers ─────┘              │                       OutputPublisher ──► SinkAgent (each)
 *                (ProcessorAgent publishes      │                                                  │
 *                 them back into the ring,      ▼                                                  │
 *                 so they are journaled)   processors at a marker ──► SnapshotRound ──► SnapshotWriterAgent
 * </pre>
 * <ul>
 *   <li>{@code Topology} builds the rings and every agent in that order; {@code AgentThreads} maps the agents to
 *   threads per {@link io.ferrite.engine.ThreadingMode}.</li>
 *   <li><b>Timers</b> are published into the input ring by the processor whose deadline fell due, so they are
 *   journaled like any input and replay fires them at the same sequences.</li>
 *   <li><b>The snapshot barrier</b>: the journaller marks one event; every processor serialises its state into the
 *   {@code SnapshotRound} after handling it; the writer agent copies the complete round, releases it, and writes the
 *   file off the processors' threads.</li>
 *   <li><b>Recovery order</b> ({@code Recovery}): open the journal (repair a torn tail) → ask each sink what it
 *   delivered → restore the newest usable snapshot → start the sinks → replay the journal after the snapshot
 *   (outputs the sinks already have suppressed, recorded digests checked) → run the pipeline live.</li>
 * </ul>
 */
package io.ferrite.engine;
