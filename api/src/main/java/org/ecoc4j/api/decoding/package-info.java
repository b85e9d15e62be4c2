/**
 * Turning network outputs into class decisions: the {@link org.ecoc4j.api.decoding.Decoder} SPI,
 * the {@link org.ecoc4j.api.decoding.PreparedDecoder} it returns for given codebooks, and the
 * batched {@link org.ecoc4j.api.decoding.Decisions} it fills.
 *
 * <p>Outputs are flat float arrays, sample-major: for a batch of B samples from an ensemble of M
 * members with K outputs each, the output of member {@code m} for sample {@code b} at bit
 * {@code j} is at index {@code (b * M + m) * K + j}. A single classifier is the case M = 1.
 */
package org.ecoc4j.api.decoding;
