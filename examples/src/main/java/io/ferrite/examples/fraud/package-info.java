/**
 * The fraud reference application: card-transaction scoring with velocity windows, amount profiles, impossible-travel
 * checks and block lists.
 * <ul>
 *   <li>{@link io.ferrite.examples.fraud.FraudWorkload}: the "fraud" workload (pipeline + generator) the tools and
 *   benchmarks run.</li>
 *   <li>{@link io.ferrite.examples.fraud.FraudScorer}: the processor, with its {@link io.ferrite.examples.fraud.FraudRule
 *   rules} and {@link io.ferrite.examples.fraud.Decision decisions}.</li>
 *   <li>{@link io.ferrite.examples.fraud.FraudGenerator}: the deterministic transaction stream with labelled
 *   {@link io.ferrite.examples.fraud.FraudPattern injected fraud}.</li>
 *   <li>The wire format: {@link io.ferrite.examples.fraud.FraudEventType} and one {@code *Codec} per message.</li>
 * </ul>
 * Table internals ({@code LruSlots}, {@code SortedLongSet}, {@code Geo}) are package-private.
 */
package io.ferrite.examples.fraud;
