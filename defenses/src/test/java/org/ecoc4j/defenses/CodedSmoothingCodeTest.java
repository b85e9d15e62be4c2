package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.function.DoubleUnaryOperator;
import java.util.stream.Stream;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Coded-smoothing's encoder and decoder against their definitions. */
class CodedSmoothingCodeTest {

  /** (K, N, interpolant, encoder smoothing, decoder smoothing), seeded. */
  static Stream<Arguments> codes() {
    SplittableRandom random = new SplittableRandom(19);
    Stream.Builder<Arguments> b = Stream.builder();
    for (int i = 0; i < 12; i++) {
      int k = 1 + random.nextInt(16);
      int n = k + random.nextInt(16);
      boolean berrut = i % 3 == 0;
      double enc = berrut ? 0 : (i % 2 == 0 ? 0 : Math.pow(10, -4 + 5 * random.nextDouble()));
      double dec = berrut ? 0 : Math.pow(10, -4 + 5 * random.nextDouble());
      b.add(Arguments.of(k, n, berrut ? Interpolant.BERRUT : Interpolant.SPLINE, enc, dec));
    }
    return b.build();
  }

  private static double[] apply(double[][] m, double[] x) {
    double[] y = new double[m.length];
    for (int r = 0; r < m.length; r++) {
      for (int c = 0; c < x.length; c++) {
        y[r] += m[r][c] * x[c];
      }
    }
    return y;
  }

  private static double[] sample(double[] points, DoubleUnaryOperator f) {
    double[] y = new double[points.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = f.applyAsDouble(points[i]);
    }
    return y;
  }

  @ParameterizedTest
  @MethodSource("codes")
  void aConstantBatchIsReproducedExactly(int k, int n, Interpolant interpolant, double enc, double dec) {
    CodedSmoothingCode code = CodedSmoothingCode.design(k, n, interpolant, enc, dec);
    assertEquals(n, code.encoder().length);
    assertEquals(k, code.encoder()[0].length);
    assertEquals(k, code.decoder().length);
    assertEquals(n, code.decoder()[0].length);
    double c = 0.37;
    for (double y : apply(code.encoder(), sample(CodedSmoothingCode.chebyshevPoints(k), x -> c))) {
      assertEquals(c, y, 1e-12);
    }
    for (double y : apply(code.decoder(), sample(CodedSmoothingCode.chebyshevPoints(n), x -> c))) {
      assertEquals(c, y, 1e-12);
    }
  }

  @ParameterizedTest
  @MethodSource("codes")
  void theSplineReproducesALineExactlyForAnySmoothing(int k, int n, Interpolant interpolant, double enc, double dec) {
    if (interpolant != Interpolant.SPLINE || k < 2) {
      return;
    }
    DoubleUnaryOperator line = x -> 0.5 - 1.75 * x;
    CodedSmoothingCode code = CodedSmoothingCode.design(k, n, interpolant, enc, dec);
    double[] alphas = CodedSmoothingCode.chebyshevPoints(k);
    double[] betas = CodedSmoothingCode.chebyshevPoints(n);
    double[] coded = apply(code.encoder(), sample(alphas, line));
    double[] decoded = apply(code.decoder(), sample(betas, line));
    for (int i = 0; i < n; i++) {
      assertEquals(line.applyAsDouble(betas[i]), coded[i], 1e-9);
    }
    for (int j = 0; j < k; j++) {
      assertEquals(line.applyAsDouble(alphas[j]), decoded[j], 1e-9);
    }
  }

  /** Largest error of the encoder on a smooth function, sampled at the alphas, at the betas. */
  private static double encoderError(int k, Interpolant interpolant, DoubleUnaryOperator f) {
    int n = 2 * k;
    CodedSmoothingCode code = CodedSmoothingCode.design(k, n, interpolant, 0, 0);
    double[] coded = apply(code.encoder(), sample(CodedSmoothingCode.chebyshevPoints(k), f));
    double[] betas = CodedSmoothingCode.chebyshevPoints(n);
    double worst = 0;
    for (int i = 0; i < n; i++) {
      worst = Math.max(worst, Math.abs(coded[i] - f.applyAsDouble(betas[i])));
    }
    return worst;
  }

  @Test
  void aLowDegreePolynomialIsReproducedWithinTheFitsToleranceWhichShrinksWithK() {
    DoubleUnaryOperator cubic = x -> 1 - x + 0.5 * x * x - 0.25 * x * x * x;
    // natural cubic spline interpolation: error O(h^2) at the ends, where the natural end
    // conditions (f'' = 0) differ from the polynomial's
    double spline8 = encoderError(8, Interpolant.SPLINE, cubic);
    double spline32 = encoderError(32, Interpolant.SPLINE, cubic);
    assertTrue(spline32 < 1e-3, "spline, K = 32: " + spline32);
    assertTrue(spline32 < spline8 / 4, spline8 + " -> " + spline32);
    // Berrut's interpolant converges at rate O(h)
    double berrut8 = encoderError(8, Interpolant.BERRUT, cubic);
    double berrut32 = encoderError(32, Interpolant.BERRUT, cubic);
    assertTrue(berrut32 < 0.05, "berrut, K = 32: " + berrut32);
    assertTrue(berrut32 < berrut8 / 2, berrut8 + " -> " + berrut32);
  }

  @ParameterizedTest
  @MethodSource("codes")
  void withNEqualToKAndNoSmoothingBothMatricesAreTheIdentity(int k, int n, Interpolant interpolant, double enc, double dec) {
    CodedSmoothingCode code = CodedSmoothingCode.design(k, k, interpolant, 0, 0);
    for (double[][] m : new double[][][] {code.encoder(), code.decoder()}) {
      for (int r = 0; r < k; r++) {
        for (int c = 0; c < k; c++) {
          assertEquals(r == c ? 1 : 0, m[r][c], 1e-12, "(" + r + ", " + c + ")");
        }
      }
    }
  }

  @Test
  void smoothingShrinksTheSplineTowardsALine() {
    double[] alphas = CodedSmoothingCode.chebyshevPoints(9);
    double[] y = sample(alphas, x -> x * x);
    double[] rough = apply(SmoothingSpline.matrix(alphas, 0, alphas), y);
    double[] smooth = apply(SmoothingSpline.matrix(alphas, 1e6, alphas), y);
    // least-squares line through (alpha, alpha^2) on symmetric points: the mean of alpha^2
    double mean = 0;
    for (double v : y) {
      mean += v / y.length;
    }
    for (int i = 0; i < y.length; i++) {
      assertEquals(y[i], rough[i], 1e-12);
      assertEquals(mean, smooth[i], 1e-4);
    }
  }

  @Test
  void theMixingsCarryTheMatricesWithTheirSizes() {
    CodedSmoothingCode code = CodedSmoothingCode.design(4, 6, Interpolant.SPLINE, 0.01, 0.02);
    BatchMixing encoder = code.encoderMixing();
    BatchMixing decoder = code.decoderMixing();
    assertEquals(6, encoder.outputs());
    assertEquals(4, encoder.inputs());
    assertEquals(4, decoder.outputs());
    assertEquals(6, decoder.inputs());
    assertEquals((float) code.encoder()[5][3], encoder.matrix()[5 * 4 + 3]);
    assertEquals((float) code.decoder()[3][5], decoder.matrix()[3 * 6 + 5]);
  }

  @Test
  void badDesignsAreRefusedNamingTheProblem() {
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> CodedSmoothingCode.design(8, 5, Interpolant.SPLINE, 0, 0))
        .getMessage().contains("N = 5 < K = 8"));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> CodedSmoothingCode.design(8, 8, Interpolant.SPLINE, -1, 0))
        .getMessage().contains("smoothing parameter must be finite and >= 0"));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> CodedSmoothingCode.design(8, 8, Interpolant.SPLINE, 0, Double.NaN))
        .getMessage().contains("NaN"));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> CodedSmoothingCode.design(8, 8, Interpolant.BERRUT, 0.1, 0))
        .getMessage().contains("berrut interpolant takes no smoothing parameter"));
    assertTrue(assertThrows(IllegalArgumentException.class,
            () -> SmoothingSpline.matrix(new double[] {0, 1, 0}, 0, new double[] {0.5}))
        .getMessage().contains("distinct"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> Interpolant.of("linear"))
        .getMessage().contains("[spline, berrut]"));
  }
}
