package org.ecoc4j.codebooks;

/**
 * The pairwise Hamming distance rules of a random binary codebook: every two codewords of length
 * {@code length} must be at distance {@code d} with {@code minDistance <= d < maxDistance}.
 *
 * <p>With {@code maxDistance = length} the upper rule bans exactly the complementary pairs (the
 * flipped versions of Algorithm 1 of the random binary ensemble paper).
 *
 * @param length code length K
 * @param minDistance Hmin, at least 1
 * @param maxDistance the smallest distance that is rejected, above {@code minDistance} and at most
 *     {@code length}
 */
record DistanceRules(int length, int minDistance, int maxDistance) {

  /** Checks {@code 1 <= minDistance < maxDistance <= length}. */
  DistanceRules {
    if (minDistance < 1 || minDistance >= maxDistance || maxDistance > length) {
      throw new IllegalArgumentException(
          "distance rules need 1 <= min-distance < max-distance <= K, got min-distance "
              + minDistance + ", max-distance " + maxDistance + ", K = " + length);
    }
  }

  /** Whether two codewords at Hamming distance {@code d} may share a codebook. */
  boolean allows(int d) {
    return d >= minDistance && d < maxDistance;
  }

  /** Whether the rules ban only complementary pairs above the minimum distance. */
  boolean bansOnlyComplements() {
    return maxDistance == length;
  }

  @Override
  public String toString() {
    return "Hamming distance in [" + minDistance + ", " + maxDistance + ") between codewords of"
        + " length " + length;
  }
}
