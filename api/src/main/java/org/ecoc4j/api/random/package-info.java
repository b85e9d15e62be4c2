/**
 * Seed derivation: {@link org.ecoc4j.api.random.Seeds}, the one utility that derives every
 * sub-seed (per sample, per epoch, per batch, per parameter, ...) from a run's seed.
 */
package org.ecoc4j.api.random;
