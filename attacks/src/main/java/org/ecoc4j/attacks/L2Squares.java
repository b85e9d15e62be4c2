package org.ecoc4j.attacks;

import java.util.SplittableRandom;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.data.ImageShape;

/**
 * The L2 Square Attack's sampling (Andriushchenko et al. 2020, Section 3.2 and Algorithm 3).
 *
 * <p>Initial point: a grid of square tiles, each holding the window perturbation
 * {@link SquareBump#window} (randomly transposed) times a random sign per channel; the whole is
 * rescaled to L2 norm epsilon and clipped to the pixel range. The tiles have side
 * {@code floor(min(h, w) / 5)} (at least 1) and sit centred, 5 along the shorter side, so a square
 * image gets the paper's 5 x 5 grid.
 *
 * <p>Update (Algorithm 3): with {@code nu} the current perturbation, draw two windows {@code W1},
 * {@code W2} of the schedule's side uniformly (line 2-3), take the unused budget
 * {@code eps_unused^2 = eps^2 - ||nu||^2} and the unit window perturbation {@code eta*} (line 4);
 * then per channel {@code i} (line 5-10): a random sign {@code rho}, {@code nu_temp = rho eta* +
 * nu_{W1,i} / ||nu_{W1,i}||}, the available budget {@code eps_avail^2 = ||nu_{W1 u W2,i}||^2 +
 * eps_unused^2 / c}, {@code nu_{W2,i} = 0} and {@code nu_{W1,i} = eps_avail nu_temp /
 * ||nu_temp||}. The mass of both windows moves into {@code W1}, so the new perturbation has L2 norm
 * epsilon; clipping to the pixel range (Algorithm 1's projection) only shortens it, and the
 * clipped-off part is unused budget the next update spends. Windows are at least 3 pixels wide
 * (smaller ones hold no bump) unless the image is smaller.
 */
final class L2Squares implements SquareSampler {

  private static final int GRID = 5;
  private static final int SMALLEST_SIDE = 3;

  private final Budget budget;
  private final int channels;
  private final int height;
  private final int width;
  private final int size;
  private final double eps;
  private final double[][] windows;

  L2Squares(Budget budget, ImageShape shape) {
    this.budget = budget;
    this.channels = shape.channels();
    this.height = shape.height();
    this.width = shape.width();
    this.size = shape.size();
    this.eps = budget.epsilon();
    this.windows = new double[Math.min(height, width) + 1][];
  }

  @Override
  public void start(float[] adversarial, float[] clean, int b, SplittableRandom random) {
    int shorter = Math.min(height, width);
    int tile = Math.max(1, shorter / GRID);
    int down = Math.min(height / tile, GRID * height / shorter);
    int across = Math.min(width / tile, GRID * width / shorter);
    int top = (height - down * tile) / 2;
    int left = (width - across * tile) / 2;
    double[] window = window(tile);
    double[] delta = new double[size];
    for (int row = 0; row < down; row++) {
      for (int col = 0; col < across; col++) {
        boolean transposed = random.nextBoolean();
        for (int c = 0; c < channels; c++) {
          double sign = random.nextBoolean() ? 1 : -1;
          for (int r = 0; r < tile; r++) {
            for (int s = 0; s < tile; s++) {
              int at = (c * height + top + row * tile + r) * width + left + col * tile + s;
              delta[at] = sign * window[transposed ? s * tile + r : r * tile + s];
            }
          }
        }
      }
    }
    double scale = eps / norm(delta);
    for (int i = 0; i < size; i++) {
      adversarial[b * size + i] = (float) (clean[b * size + i] + scale * delta[i]);
    }
    Ball.project(adversarial, clean, b, size, budget);
  }

  /** {@code round(sqrt(p h w))}, at least 3 and at most the shorter side. */
  @Override
  public int side(double p) {
    int shorter = Math.min(height, width);
    int side = (int) Math.round(Math.sqrt(p * height * width));
    return Math.max(Math.min(SMALLEST_SIDE, shorter), Math.min(side, shorter));
  }

  @Override
  public void propose(
      float[] candidate, float[] current, float[] clean, int b, int side, SplittableRandom random) {
    int from = b * size;
    double[] nu = new double[size];
    for (int i = 0; i < size; i++) {
      nu[i] = (double) current[from + i] - clean[from + i];
    }
    // Algorithm 3, lines 2-3: two windows drawn uniformly.
    int top1 = random.nextInt(height - side + 1);
    int left1 = random.nextInt(width - side + 1);
    int top2 = random.nextInt(height - side + 1);
    int left2 = random.nextInt(width - side + 1);
    // Line 4: the unused budget and the unit window perturbation, transposed with probability 1/2.
    double unused = Math.max(0, eps * eps - squaredNorm(nu));
    double[] eta = window(side);
    boolean transposed = random.nextBoolean();
    double[] temp = new double[side * side];
    for (int c = 0; c < channels; c++) {
      int plane = c * height * width;
      // Lines 6-7: nu_temp = rho eta* + nu_{W1,i} / ||nu_{W1,i}||.
      double rho = random.nextBoolean() ? 1 : -1;
      double inWindow1 = 0;
      for (int r = 0; r < side; r++) {
        for (int s = 0; s < side; s++) {
          double v = nu[plane + (top1 + r) * width + left1 + s];
          inWindow1 += v * v;
        }
      }
      double window1Norm = Math.sqrt(inWindow1);
      for (int r = 0; r < side; r++) {
        for (int s = 0; s < side; s++) {
          double old = nu[plane + (top1 + r) * width + left1 + s];
          temp[r * side + s] = rho * eta[transposed ? s * side + r : r * side + s]
              + (window1Norm > 0 ? old / window1Norm : 0);
        }
      }
      double tempNorm = norm(temp);
      if (tempNorm == 0) {
        for (int r = 0; r < side; r++) {
          for (int s = 0; s < side; s++) {
            temp[r * side + s] = rho * eta[transposed ? s * side + r : r * side + s];
          }
        }
        tempNorm = 1;
      }
      // Line 8: the available budget, what both windows hold plus a channel's share of the unused.
      double inWindow2Only = 0;
      for (int r = 0; r < side; r++) {
        for (int s = 0; s < side; s++) {
          if (!inside(top2 + r, left2 + s, top1, left1, side)) {
            double v = nu[plane + (top2 + r) * width + left2 + s];
            inWindow2Only += v * v;
          }
        }
      }
      double available = Math.sqrt(inWindow1 + inWindow2Only + unused / channels);
      // Line 9: empty W2, then fill W1.
      for (int r = 0; r < side; r++) {
        for (int s = 0; s < side; s++) {
          nu[plane + (top2 + r) * width + left2 + s] = 0;
        }
      }
      for (int r = 0; r < side; r++) {
        for (int s = 0; s < side; s++) {
          nu[plane + (top1 + r) * width + left1 + s] = available * temp[r * side + s] / tempNorm;
        }
      }
    }
    // Algorithm 1: the candidate is the projection of x + nu onto the pixel range.
    for (int i = 0; i < size; i++) {
      candidate[from + i] = (float) (clean[from + i] + nu[i]);
    }
    Ball.project(candidate, clean, b, size, budget);
  }

  /** The unit window perturbation of a side, computed once per side. */
  private double[] window(int side) {
    if (windows[side] == null) {
      windows[side] = SquareBump.window(side);
    }
    return windows[side];
  }

  private static boolean inside(int row, int col, int top, int left, int side) {
    return row >= top && row < top + side && col >= left && col < left + side;
  }

  private static double squaredNorm(double[] v) {
    double sum = 0;
    for (double x : v) {
      sum += x * x;
    }
    return sum;
  }

  private static double norm(double[] v) {
    return Math.sqrt(squaredNorm(v));
  }
}
