package org.ecoc4j.backends.onnx.export;

import java.util.List;

/**
 * The decision of the softmax rules on double class scores [B, N], as the Java rules make it: the
 * first largest score wins; posterior {@code exp((s_i - s_max) / T) / total} and confidence
 * {@code 1 / total}, each rounded to float. Never rejects.
 */
final class SoftmaxScores {

  private SoftmaxScores() {}

  /** Appends the decision on {@code scores} of {@code classes} columns at temperature T. */
  static MemberTensors decide(DecodingNodes g, String scores, int classes, double temperature) {
    String best = g.argMax(scores);
    String shifted = g.sub(scores, g.pick(scores, best));
    String e = g.op("Exp", List.of(g.div(shifted, g.scalar("temperature", temperature))));
    String total = g.rowSum(e, classes);
    return new MemberTensors(
        g.toFloat(g.div(e, total)),
        best,
        g.op("GreaterOrEqual", List.of(best, g.longs("zero", new long[] {0}))),
        g.toFloat(g.div(g.scalar("one", 1.0), total)));
  }
}
