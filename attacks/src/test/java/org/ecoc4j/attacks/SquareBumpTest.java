package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The L2 Square Attack's window perturbation against the paper's definition. */
class SquareBumpTest {

  @Test
  void bumpFollowsThePapersSumOverRings() {
    // 3 x 3: the centre is covered by the squares of distance 0 and 1 (1 + 1/4), the border by
    // the outer square only (1/4).
    double[] bump = SquareBump.bump(3, 3);
    assertEquals(5, bump[4] / bump[0], 1e-12);
    for (int i : new int[] {0, 1, 2, 3, 5, 6, 7, 8}) {
      assertEquals(bump[0], bump[i], 1e-15, "cell " + i);
    }
    // 5 x 5: distances 0, 1, 2 hold 1 + 1/4 + 1/9, 1/4 + 1/9 and 1/9.
    double[] five = SquareBump.bump(5, 5);
    assertEquals((1 + 0.25 + 1 / 9.0) / (1 / 9.0), five[12] / five[0], 1e-12);
    assertEquals((0.25 + 1 / 9.0) / (1 / 9.0), five[6] / five[0], 1e-12);
  }

  @Test
  void bumpIsPositiveAndFallsWithTheDistanceFromItsCentre() {
    for (int rows = 1; rows <= 7; rows++) {
      for (int cols = 1; cols <= 9; cols++) {
        double[] bump = SquareBump.bump(rows, cols);
        assertEquals(1, norm(bump), 1e-12);
        for (int r = 0; r < rows; r++) {
          for (int s = 0; s < cols; s++) {
            int d = Math.max(Math.abs(r - rows / 2), Math.abs(s - cols / 2));
            double value = bump[r * cols + s];
            assertTrue(value > 0, rows + "x" + cols + " cell " + r + "," + s);
            for (int r2 = 0; r2 < rows; r2++) {
              for (int s2 = 0; s2 < cols; s2++) {
                int d2 = Math.max(Math.abs(r2 - rows / 2), Math.abs(s2 - cols / 2));
                if (d2 > d) {
                  assertTrue(bump[r2 * cols + s2] < value, rows + "x" + cols);
                }
              }
            }
          }
        }
      }
    }
  }

  @Test
  void windowStacksAPositiveOverANegativeBumpOfEqualWeight() {
    for (int side = 1; side <= 12; side++) {
      double[] window = SquareBump.window(side);
      assertEquals(1, norm(window), 1e-12, "side " + side);
      int top = side / 2;
      double upper = 0;
      double lower = 0;
      for (int i = 0; i < window.length; i++) {
        if (i < top * side) {
          assertTrue(window[i] > 0, "side " + side + " cell " + i);
          upper += window[i] * window[i];
        } else {
          assertTrue(window[i] < 0, "side " + side + " cell " + i);
          lower += window[i] * window[i];
        }
      }
      if (side > 1) {
        assertEquals(upper, lower, 1e-12, "side " + side);
      }
    }
    assertThrows(IllegalArgumentException.class, () -> SquareBump.window(0));
  }

  private static double norm(double[] v) {
    double s = 0;
    for (double x : v) {
      s += x * x;
    }
    return Math.sqrt(s);
  }
}
