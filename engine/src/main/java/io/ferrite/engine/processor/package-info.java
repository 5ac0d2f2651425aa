/**
 * The processor API: what an application implements to run on a Ferrite engine, with no dependency on how the
 * engine runs it.
 * <ul>
 *   <li>{@link io.ferrite.engine.processor.Processor} and {@link io.ferrite.engine.processor.StatefulProcessor}
 *   handle events one at a time, in sequence order, on one thread, through the flyweight
 *   {@link io.ferrite.engine.processor.EventContext} (event fields, {@code emit}, timers, deterministic randomness);
 *   </li>
 *   <li>{@link io.ferrite.engine.processor.Pipeline} and {@link io.ferrite.engine.processor.ProcessorSpec} arrange
 *   them in stages (a stage may fan out);</li>
 *   <li>{@link io.ferrite.engine.processor.Sink} receives their outputs as
 *   {@link io.ferrite.engine.processor.OutputView}s, each tagged with its causing sequence and ordinal;</li>
 *   <li>{@link io.ferrite.engine.processor.Workload} bundles a pipeline with a deterministic
 *   {@link io.ferrite.engine.processor.EventGenerator} (writing {@link io.ferrite.engine.processor.MutableEvent}s)
 *   for the CLI and benchmarks; {@link io.ferrite.engine.processor.Digests} mixes state into digests.</li>
 * </ul>
 * Determinism rule: a processor reads time, randomness and identifiers only from the event and the context.
 */
package io.ferrite.engine.processor;
