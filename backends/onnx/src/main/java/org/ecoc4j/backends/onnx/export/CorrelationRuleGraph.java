package org.ecoc4j.backends.onnx.export;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;

/**
 * The rule of {@code euclidean} and {@code correlation-softmax}: scores {@code s_i = b_i . t} of
 * the +1/-1 codewords with {@code t = tanh(o)} (rounded to float, as the Java rule does) or the raw
 * outputs, in double; the first largest wins; posterior {@code exp((s_i - s_max) / T) / total}
 * and confidence {@code 1 / total}, each rounded to float. Never rejects.
 *
 * @param tanh whether outputs are squashed by tanh first
 * @param temperature the softmax temperature T
 */
record CorrelationRuleGraph(boolean tanh, double temperature) implements MemberRuleGraph {

  @Override
  public MemberTensors decide(DecodingNodes g, String outputs, Codebook codebook) {
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
    String best = g.argMax(scores);
    String shifted = g.sub(scores, g.pick(scores, best));
    String e = g.op("Exp", List.of(g.div(shifted, g.scalar("temperature", temperature))));
    String total = g.rowSum(e, n);
    return new MemberTensors(
        g.toFloat(g.div(e, total)),
        best,
        g.op("GreaterOrEqual", List.of(best, g.longs("zero", new long[] {0}))),
        g.toFloat(g.div(g.scalar("one", 1.0), total)));
  }
}
