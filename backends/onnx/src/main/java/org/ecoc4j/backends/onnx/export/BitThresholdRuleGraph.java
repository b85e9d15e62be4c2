package org.ecoc4j.backends.onnx.export;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;

/**
 * The rule of {@code bit-threshold}: digit j is 1 where {@code o_j >= 0}; the Hamming distances to
 * the class words are a product of the digits by the 0/1 codewords; the first nearest class wins
 * with confidence {@code 1 - d / K} (in float); with {@code maxErrors >= 0} a nearest distance
 * above it is rejected. Posterior: {@code 1 / ties} on the classes at the nearest distance.
 *
 * @param codebooks the members' codebooks
 * @param maxErrors the largest accepted distance, or -1 to accept every nearest class
 */
record BitThresholdRuleGraph(List<Codebook> codebooks, int maxErrors) implements MemberRuleGraph {

  @Override
  public MemberTensors decide(DecodingNodes g, String outputs, int member) {
    Codebook codebook = codebooks.get(member);
    int n = codebook.classes();
    int k = codebook.length();
    String one = g.scalar("one", 1.0);
    String word = g.toDouble(
        g.op("GreaterOrEqual", List.of(outputs, g.floats("zero", new float[] {0f}))));
    double[] ones = new double[k * n];
    double[] zeros = new double[k * n];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < k; j++) {
        boolean bit = codebook.bit(c, j) > 0;
        ones[j * n + c] = bit ? 0 : 1;
        zeros[j * n + c] = bit ? 1 : 0;
      }
    }
    String distances = g.add(g.matMul(word, g.doubles("zero_digits", ones, k, n)),
        g.matMul(g.sub(one, word), g.doubles("one_digits", zeros, k, n)));
    String best = g.argMin(distances);
    String nearest = g.pick(distances, best);
    String accepted = maxErrors < 0
        ? g.op("GreaterOrEqual", List.of(best, g.longs("zero", new long[] {0})))
        : g.not(g.greater(nearest, g.scalar("max_errors", maxErrors)));
    String confidence = g.sub(g.floats("one", new float[] {1f}),
        g.div(g.toFloat(nearest), g.floats("length", new float[] {k})));
    String tied = g.equal(distances, nearest);
    String share = g.where(accepted,
        g.div(g.floats("one", new float[] {1f}), g.toFloat(g.rowSum(g.toDouble(tied), n))),
        g.floats("zero", new float[] {0f}));
    String posterior = g.where(tied, share, g.floats("zero", new float[] {0f}));
    return new MemberTensors(posterior, best, accepted, confidence);
  }
}
