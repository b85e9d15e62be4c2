/**
 * Output codes: {@link org.ecoc4j.api.codebook.Codebook} (N classes x K bits of +1/-1),
 * {@link org.ecoc4j.api.codebook.LinearBlockCode} (GF(2) generator and parity-check matrices) and
 * the {@link org.ecoc4j.api.codebook.CodebookGenerator} SPI.
 *
 * <p>Bit convention everywhere: the codebook entry {@code +1} is the binary digit {@code 1} and
 * {@code -1} is {@code 0}. A network output above zero (or a normalized output at or above 1/2)
 * therefore reads as a {@code 1}.
 */
package org.ecoc4j.api.codebook;
