package org.ecoc4j.backends.onnx.export;

import java.util.List;
import org.ecoc4j.api.codebook.CodeTable;

/**
 * The rule of {@code cosine-softmax}: scores {@code cos(z, c_i) = z . c_i / (||z|| ||c_i||)} of the
 * raw outputs with each class's real-valued code, in double (0 where either norm is 0), decided by
 * {@link SoftmaxScores}. Never rejects.
 *
 * @param tables the members' code tables
 * @param temperature the softmax temperature T
 */
record CosineRuleGraph(List<CodeTable> tables, double temperature) implements MemberRuleGraph {

  @Override
  public MemberTensors decide(DecodingNodes g, String outputs, int member) {
    CodeTable table = tables.get(member);
    int n = table.classes();
    int k = table.length();
    double[] transposed = new double[k * n];
    double[] norms = new double[n];
    for (int c = 0; c < n; c++) {
      double squares = 0;
      for (int j = 0; j < k; j++) {
        double v = table.value(c, j);
        transposed[j * n + c] = v;
        squares += v * v;
      }
      norms[c] = Math.sqrt(squares);
    }
    String z = g.toDouble(outputs);
    String norm = g.op("Sqrt", List.of(g.rowSum(g.mul(z, z), k)));
    String dots = g.matMul(z, g.doubles("codes", transposed, k, n));
    String denominator = g.mul(norm, g.doubles("code_norms", norms, n));
    String zero = g.scalar("zero", 0.0);
    String scores = g.where(g.greater(denominator, zero), g.div(dots, denominator), zero);
    return SoftmaxScores.decide(g, scores, n, temperature);
  }
}
