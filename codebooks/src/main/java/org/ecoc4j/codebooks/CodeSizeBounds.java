package org.ecoc4j.codebooks;

import java.math.BigInteger;

/**
 * Cheap necessary conditions for N binary codewords to satisfy {@link DistanceRules}, checked
 * before any random draw so that impossible requests fail at once instead of exhausting the draw
 * budget.
 *
 * <ul>
 *   <li>Complements banned: of each word and its complement at most one is used, so {@code N <=
 *       2^(K-1)}.
 *   <li>Hamming (sphere-packing) bound: balls of radius {@code t = floor((Hmin-1)/2)} around the
 *       codewords are disjoint, so {@code N * sum_{i<=t} C(K,i) <= 2^K}.
 *   <li>Plotkin bound: if {@code 2 Hmin > K}, then {@code N <= 2 floor(Hmin / (2 Hmin - K))}.
 * </ul>
 *
 * Passing them does not prove a codebook exists; the per-codeword draw cap handles the rest.
 */
final class CodeSizeBounds {

  private CodeSizeBounds() {}

  /**
   * Throws if no N codewords can satisfy the rules by one of the bounds above.
   *
   * @throws IllegalArgumentException naming N, K, Hmin, the bound and the largest N it allows
   */
  static void requireFeasible(int classes, DistanceRules rules) {
    int k = rules.length();
    int hmin = rules.minDistance();
    BigInteger n = BigInteger.valueOf(classes);
    BigInteger space = BigInteger.ONE.shiftLeft(k);
    BigInteger halfSpace = BigInteger.ONE.shiftLeft(k - 1);
    if (n.compareTo(halfSpace) > 0) {
      throw infeasible(classes, rules,
          "without complementary pairs at most 2^(K-1) = " + halfSpace + " codewords exist");
    }
    int t = (hmin - 1) / 2;
    BigInteger ball = ballVolume(k, t);
    if (n.multiply(ball).compareTo(space) > 0) {
      throw infeasible(classes, rules,
          "the Hamming (sphere-packing) bound allows at most 2^K / sum_{i<=" + t + "} C(K,i) = "
              + space.divide(ball) + " codewords");
    }
    if (2 * hmin > k) {
      int plotkin = 2 * (hmin / (2 * hmin - k));
      if (classes > plotkin) {
        throw infeasible(classes, rules,
            "the Plotkin bound allows at most 2 floor(Hmin / (2 Hmin - K)) = " + plotkin
                + " codewords");
      }
    }
  }

  /** {@code sum_{i=0..radius} C(length, i)}: the number of words within a Hamming ball. */
  static BigInteger ballVolume(int length, int radius) {
    BigInteger sum = BigInteger.ZERO;
    BigInteger binomial = BigInteger.ONE;
    for (int i = 0; i <= radius; i++) {
      sum = sum.add(binomial);
      binomial = binomial.multiply(BigInteger.valueOf(length - i)).divide(BigInteger.valueOf(i + 1));
    }
    return sum;
  }

  private static IllegalArgumentException infeasible(
      int classes, DistanceRules rules, String reason) {
    return new IllegalArgumentException(
        "no codebook of N = " + classes + " codewords of length K = " + rules.length()
            + " with minimum Hamming distance Hmin = " + rules.minDistance() + " exists: " + reason
            + "; use a longer code (larger K) or a smaller min-distance");
  }
}
