/**
 * Small deterministic helpers shared by the reference applications: counter-based hashing for generators
 * ({@link io.ferrite.examples.support.Hashing}), an order-sensitive state digest
 * ({@link io.ferrite.examples.support.StateHasher}) and a bounds-checked snapshot reader
 * ({@link io.ferrite.examples.support.SnapshotReader}).
 */
package io.ferrite.examples.support;
