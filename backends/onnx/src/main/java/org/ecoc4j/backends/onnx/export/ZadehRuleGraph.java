package org.ecoc4j.backends.onnx.export;

import java.util.ArrayList;
import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.ecoc4j.backends.onnx.graph.ElementType;

/**
 * The rule of {@code zadeh}, in double as the Java rule computes it, on truth values {@code y~}
 * from a {@link TruthNormalization}.
 *
 * <p>Over the full space of 2^K words ({@code space=full}): the rounded word {@code w_j = [y~_j >=
 * 1/2]} with truth {@code min_j max(y~_j, 1 - y~_j)} (Theorem 1), or, on the syndrome, the Zadeh
 * truth of the zero syndrome folded row by row of H; rejected where the code is linear and {@code
 * H w} has an odd digit (the parities of a product by {@code H^T}), where no class owns {@code w}
 * (the Hamming distances to the class words, a product by the 0/1 codewords, have no zero; the
 * lowest owning class wins), or where the truth is below the threshold. Posterior: 1 on the
 * accepted class.
 *
 * <p>Over the class codewords ({@code space=classes}): truth of class c {@code min_j (c_j = 1 ?
 * y~_j : 1 - y~_j)}, the first largest wins, rejected below the threshold; posterior: the truths
 * normalized to sum 1, uniform where all are 0.
 *
 * @param codebooks the members' codebooks
 * @param normalization how outputs become truth values
 * @param fullSpace whether the decision is over all 2^K words
 * @param threshold the smallest accepted truth
 * @param onSyndrome whether the threshold reads the zero syndrome's truth (full space, linear
 *     code)
 */
record ZadehRuleGraph(
    List<Codebook> codebooks,
    TruthNormalization normalization, boolean fullSpace, double threshold, boolean onSyndrome)
    implements MemberRuleGraph {

  @Override
  public MemberTensors decide(DecodingNodes g, String outputs, int member) {
    Codebook codebook = codebooks.get(member);
    String y = normalization.apply(g, g.toDouble(outputs), codebook.length());
    return fullSpace ? full(g, y, codebook) : classes(g, y, codebook);
  }

  private MemberTensors full(DecodingNodes g, String y, Codebook codebook) {
    int n = codebook.classes();
    int k = codebook.length();
    String one = g.scalar("one", 1.0);
    String word = g.toDouble(g.op("GreaterOrEqual", List.of(y, g.scalar("half", 0.5))));
    String truth = onSyndrome
        ? syndromeTruth(g, y, codebook.linearCode().orElseThrow())
        : g.rowMin(g.op("Max", List.of(y, g.sub(one, y))));
    String rejected = g.less(truth, g.scalar("threshold", threshold));
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
    String owns = g.toDouble(g.equal(distances, g.scalar("zero", 0.0)));
    String owner = g.argMax(owns);
    rejected = g.or(g.not(g.greater(g.pick(owns, owner), g.scalar("zero", 0.0))), rejected);
    if (codebook.linearCode().isPresent()) {
      rejected = g.or(nonzeroSyndrome(g, word, codebook.linearCode().get()), rejected);
    }
    String accepted = g.not(rejected);
    String posterior = g.toFloat(g.and(g.equal(g.classIndices(n), owner), accepted));
    return new MemberTensors(posterior, owner, accepted, g.toFloat(truth));
  }

  /** bool [B, 1]: whether {@code H w} has an odd digit. */
  private static String nonzeroSyndrome(DecodingNodes g, String word, LinearBlockCode code) {
    int[][] h = code.parityCheckMatrix();
    int r = h.length;
    int k = code.n();
    double[] transposed = new double[k * r];
    for (int i = 0; i < r; i++) {
      for (int j = 0; j < k; j++) {
        transposed[j * r + i] = h[i][j];
      }
    }
    String counts = g.matMul(word, g.doubles("parity_check", transposed, k, r));
    String two = g.scalar("two", 2.0);
    String odd = g.sub(counts, g.mul(two, g.op("Floor", List.of(g.div(counts, two)))));
    return g.greater(g.rowSum(odd, r), g.scalar("zero", 0.0));
  }

  /**
   * double [B, 1]: the truth of the zero syndrome, {@code min_i (1 - t(r_i = 1))} with {@code t(r_i
   * = 1)} folded over the 1s of row i by the Zadeh exclusive or.
   */
  private static String syndromeTruth(DecodingNodes g, String y, LinearBlockCode code) {
    String one = g.scalar("one", 1.0);
    List<String> rows = new ArrayList<>();
    rows.add(one);
    for (int[] row : code.parityCheckMatrix()) {
      String parity = null;
      for (int j = 0; j < row.length; j++) {
        if (row[j] != 1) {
          continue;
        }
        String bit = g.column(y, j);
        parity = parity == null ? bit : g.op("Max", List.of(
            g.op("Min", List.of(g.sub(one, parity), bit)),
            g.op("Min", List.of(parity, g.sub(one, bit)))));
      }
      if (parity != null) {
        rows.add(g.sub(one, parity));
      }
    }
    return g.op("Min", rows);
  }

  private MemberTensors classes(DecodingNodes g, String y, Codebook codebook) {
    int n = codebook.classes();
    int k = codebook.length();
    long[] ones = new long[n * k];
    for (int c = 0; c < n; c++) {
      for (int j = 0; j < k; j++) {
        ones[c * k + j] = codebook.bit(c, j) > 0 ? 1 : 0;
      }
    }
    String isOne = g.cast(g.longs("codeword_ones", ones, n, k), ElementType.BOOL);
    String wide = g.reshape(y, -1, 1, k);
    String perBit = g.where(isOne, wide, g.sub(g.scalar("one", 1.0), wide));
    String truths = g.lastAxisMin(perBit, n);
    String best = g.argMax(truths);
    String truth = g.pick(truths, best);
    String accepted = g.not(g.less(truth, g.scalar("threshold", threshold)));
    String total = g.rowSum(truths, n);
    String normalized = g.where(g.greater(total, g.scalar("zero", 0.0)),
        g.div(truths, total), g.scalar("uniform", 1.0 / n));
    String posterior = g.where(accepted, g.toFloat(normalized), g.floats("zero", new float[] {0f}));
    return new MemberTensors(posterior, best, accepted, g.toFloat(truth));
  }
}
