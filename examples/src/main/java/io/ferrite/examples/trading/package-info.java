/**
 * The trading reference application: a price-time-priority matching engine over many instruments.
 * <ul>
 *   <li>{@link io.ferrite.examples.trading.TradingWorkload}: the "trading" workload (pipeline + generator) the tools
 *   and benchmarks run.</li>
 *   <li>{@link io.ferrite.examples.trading.MatchingProcessor}: the processor: order books, matching, execution
 *   reports, snapshots and digest.</li>
 *   <li>{@link io.ferrite.examples.trading.TradingGenerator} and {@link io.ferrite.examples.trading.TradingMix}: the
 *   deterministic order flow.</li>
 *   <li>The wire format: {@link io.ferrite.examples.trading.TradingEventType} and one {@code *Codec} per message
 *   (little-endian fixed layouts with flyweight encoders and decoders), with the code tables
 *   {@link io.ferrite.examples.trading.Side}, {@link io.ferrite.examples.trading.OrderType},
 *   {@link io.ferrite.examples.trading.ExecType} and {@link io.ferrite.examples.trading.Reason}.</li>
 * </ul>
 * Book internals ({@code OrderPool}, {@code LevelPool}, {@code BookSide}) are package-private.
 */
package io.ferrite.examples.trading;
