package org.ecoc4j.backends.onnx.export;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;

/**
 * The rule of {@code euclidean} and {@code correlation-softmax}: scores {@code s_i = b_i . t} of
 * the +1/-1 codewords with {@code t = tanh(o)} (rounded to float, as the Java rule does) or the raw
 * outputs, in double, decided by {@link SoftmaxScores}. Never rejects.
 *
 * @param codebooks the members' codebooks
 * @param tanh whether outputs are squashed by tanh first
 * @param temperature the softmax temperature T
 */
record CorrelationRuleGraph(List<Codebook> codebooks, boolean tanh, double temperature)
    implements MemberRuleGraph {

  @Override
  public MemberTensors decide(DecodingNodes g, String outputs, int member) {
    Codebook codebook = codebooks.get(member);
    int n = codebook.classes();
    int k = codebook.length();
    String t = g.toDouble(outputs);
    if (tanh) {
      t = g.toDouble(g.toFloat(g.op("Tanh", List.of(t))));
    }
    double[] transposed = new double[k * n];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < k; j++) {
        transposed[j * n + c] = codebook.bit(c, j);
      }
    }
    String scores = g.matMul(t, g.doubles("codewords", transposed, k, n));
    return SoftmaxScores.decide(g, scores, n, temperature);
  }
}
