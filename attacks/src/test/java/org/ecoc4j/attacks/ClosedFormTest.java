package org.ecoc4j.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.ImageShape;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Attacks on a linear objective {@code v_y . x}, whose optimum in the L-infinity ball is the corner
 * {@code x + epsilon sign(v_y)} and in the L2 ball {@code x + epsilon v_y / ||v_y||}; the clean
 * pixels lie in [0.3, 0.7] so that clipping to [0, 1] never interferes with epsilon <= 0.3.
 */
class ClosedFormTest {

  private static final ImageShape SHAPE = new ImageShape(1, 6, 6);
  private static final int BATCH = 4;
  private static final double EPSILON = 0.2;

  private final Random random = new Random(11);
  private final float[][] rows = rows();
  private final float[] images = images();
  private final int[] labels = {0, 1, 2, 1};

  @Test
  void fgsmTakesTheSignStep() {
    float[] adversarial = attack(new FgsmAttack(), Map.of(), Budget.of(Norm.LINF, EPSILON, 1),
        Goal.UNTARGETED);
    assertCorner(adversarial, 1);
  }

  @Test
  void targetedFgsmStepsAgainstTheTargetGradient() {
    float[] adversarial = attack(new FgsmAttack(), Map.of(), Budget.of(Norm.LINF, EPSILON, 1),
        Goal.TARGETED);
    assertCorner(adversarial, -1);
  }

  @Test
  void iterativeAttacksReachTheCorner() {
    Budget budget = Budget.of(Norm.LINF, EPSILON, 10);
    assertCorner(attack(new BimAttack(), Map.of(), budget, Goal.UNTARGETED), 1);
    assertCorner(attack(new MimAttack(), Map.of(), budget, Goal.UNTARGETED), 1);
    assertCorner(attack(new PgdAttack(), Map.of("restarts", "2"), budget, Goal.UNTARGETED), 1);
    assertCorner(attack(new EotAttack(), Map.of("draws", "3"), budget, Goal.UNTARGETED), 1);
    // Auto-PGD's first step is 2 epsilon: it reaches the corner, and keeps it as its best point.
    assertCorner(attack(new ApgdAttack(), Map.of(), budget, Goal.UNTARGETED), 1);
    assertCorner(attack(new ApgdAttack(), Map.of(), budget, Goal.TARGETED), -1);
  }

  /**
   * PGD's reference step travels 2.5 epsilon: from any random start (as far as epsilon on the
   * wrong side) it reaches the optimum of a linear objective, for any number of steps; the old
   * default of epsilon / steps travels only epsilon and stops short of it.
   */
  @ParameterizedTest
  @ValueSource(ints = {1, 3, 10, 40})
  void pgdDefaultStepReachesTheLinearOptimum(int steps) {
    Budget budget = Budget.of(Norm.LINF, EPSILON, steps);
    assertCorner(attack(new PgdAttack(), Map.of(), budget, Goal.UNTARGETED), 1);
    assertCorner(attack(new PgdAttack(), Map.of(), budget, Goal.TARGETED), -1);
    float[] shortSteps = attack(new PgdAttack(), Map.of(), budget.withStepSize(EPSILON / steps),
        Goal.UNTARGETED);
    double gap = 0;
    for (int i = 0; i < images.length; i++) {
      gap = Math.max(gap, Math.abs(adversarialCorner(i) - shortSteps[i]));
    }
    assertTrue(gap > EPSILON / 10, "a step of epsilon / steps should stop short, gap " + gap);
  }

  private double adversarialCorner(int at) {
    int b = at / SHAPE.size();
    float v = rows[labels[b]][at % SHAPE.size()];
    return images[at] + EPSILON * Math.signum(v);
  }

  @Test
  void l2AttacksStepAlongTheNormalizedGradient() {
    double radius = 0.5;
    Budget budget = Budget.of(Norm.L2, radius, 5);
    for (Attack attack : new Attack[] {new FgsmAttack(), new BimAttack(), new MimAttack()}) {
      float[] adversarial = attack(attack, Map.of(), budget, Goal.UNTARGETED);
      for (int b = 0; b < BATCH; b++) {
        float[] v = rows[labels[b]];
        double length = Math.sqrt(dot(v, v));
        for (int i = 0; i < SHAPE.size(); i++) {
          int at = b * SHAPE.size() + i;
          assertEquals(images[at] + radius * v[i] / length, adversarial[at], 1e-4,
              attack.name() + " sample " + b + " pixel " + i);
        }
      }
    }
  }

  @Test
  void apgdNearlyReachesTheL2Optimum() {
    double radius = 0.5;
    LinearOracle oracle = new LinearOracle(SHAPE, rows, BATCH);
    float[] adversarial = attack(new ApgdAttack(), Map.of(), Budget.of(Norm.L2, radius, 20),
        Goal.UNTARGETED);
    for (int b = 0; b < BATCH; b++) {
      float[] v = rows[labels[b]];
      double gain = oracle.loss(adversarial, b, labels[b]) - oracle.loss(images, b, labels[b]);
      double optimum = radius * Math.sqrt(dot(v, v));
      // From a random start on the sphere, the projected steps turn towards v as the step halves.
      assertTrue(gain >= 0.99 * optimum, "sample " + b + " gained " + gain + " of " + optimum);
    }
  }

  @Test
  void squareSearchClimbsTowardsTheCornerWithinItsQueries() {
    LinearOracle oracle = new LinearOracle(SHAPE, rows, BATCH);
    float[] adversarial = new float[images.length];
    new SquareAttack()
        .prepare(Map.of("queries", "300", "p-init", "0.3"))
        .perturb(oracle, Budget.of(Norm.LINF, EPSILON, 1), Goal.UNTARGETED, images, labels, 5,
            adversarial);
    assertEquals(300, oracle.calls, "one batched query per iteration");
    for (int b = 0; b < BATCH; b++) {
      double clean = oracle.loss(images, b, labels[b]);
      double optimum = clean + EPSILON * l1(rows[labels[b]]);
      double reached = oracle.loss(adversarial, b, labels[b]);
      // Random stripes start half way on average; the search must close most of the rest.
      assertTrue(reached - clean > 0.8 * (optimum - clean),
          "sample " + b + " gained " + (reached - clean) + " of " + (optimum - clean));
    }
  }

  @Test
  void l2SquareSearchClimbsTowardsTheL2OptimumWithLossQueriesOnly() {
    double radius = 0.5;
    for (Goal goal : Goal.values()) {
      LinearOracle oracle = new LinearOracle(SHAPE, rows, BATCH);
      float[] adversarial = new float[images.length];
      new SquareAttack()
          .prepare(Map.of("queries", "300", "p-init", "0.1"))
          .perturb(oracle, Budget.of(Norm.L2, radius, 1), goal, images, labels, 5, adversarial);
      assertEquals(300, oracle.calls, "one batched query per iteration");
      assertEquals(0, oracle.gradientCalls, "square asked for a gradient");
      for (int b = 0; b < BATCH; b++) {
        float[] v = rows[labels[b]];
        double gain = goal.direction()
            * (oracle.loss(adversarial, b, labels[b]) - oracle.loss(images, b, labels[b]));
        double optimum = radius * Math.sqrt(dot(v, v));
        // A random point of the sphere gains 0 +- optimum / sqrt(36) (one standard deviation);
        // the search must find at least half the optimum (it reaches 58 % to 76 % here).
        assertTrue(gain > 0.5 * optimum,
            goal + " sample " + b + " gained " + gain + " of " + optimum);
      }
    }
  }

  @Test
  void squareReadsNoGradient() {
    float[] amplitude = new float[SHAPE.size()];
    float[] frequency = new float[SHAPE.size()];
    for (int i = 0; i < amplitude.length; i++) {
      amplitude[i] = (float) random.nextGaussian();
      frequency[i] = 3;
    }
    float[] honest = new float[images.length];
    float[] poisoned = new float[images.length];
    Budget budget = Budget.of(Norm.LINF, EPSILON, 1);
    var square = new SquareAttack().prepare(Map.of("queries", "50"));
    square.perturb(new WavyOracle(SHAPE, amplitude, frequency, 0), budget, Goal.UNTARGETED,
        images, labels, 3, honest);
    square.perturb(new WavyOracle(SHAPE, amplitude, frequency, 1), budget, Goal.UNTARGETED,
        images, labels, 3, poisoned);
    org.junit.jupiter.api.Assertions.assertArrayEquals(honest, poisoned);
  }

  private float[] attack(Attack attack, Map<String, String> options, Budget budget, Goal goal) {
    float[] adversarial = new float[images.length];
    attack.prepare(options)
        .perturb(new LinearOracle(SHAPE, rows, BATCH), budget, goal, images, labels, 9,
            adversarial);
    return adversarial;
  }

  private void assertCorner(float[] adversarial, int direction) {
    for (int b = 0; b < BATCH; b++) {
      float[] v = rows[labels[b]];
      for (int i = 0; i < SHAPE.size(); i++) {
        int at = b * SHAPE.size() + i;
        double expected = images[at] + direction * EPSILON * Math.signum(v[i]);
        assertEquals(expected, adversarial[at], 1e-5, "sample " + b + " pixel " + i);
      }
    }
  }

  private float[][] rows() {
    float[][] v = new float[3][SHAPE.size()];
    for (float[] row : v) {
      for (int i = 0; i < row.length; i++) {
        float g = (float) random.nextGaussian();
        row[i] = g == 0 ? 1 : g;
      }
    }
    return v;
  }

  private float[] images() {
    float[] x = new float[BATCH * SHAPE.size()];
    for (int i = 0; i < x.length; i++) {
      x[i] = 0.3f + 0.4f * random.nextFloat();
    }
    return x;
  }

  private static double dot(float[] a, float[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += (double) a[i] * b[i];
    }
    return s;
  }

  private static double l1(float[] a) {
    double s = 0;
    for (float x : a) {
      s += Math.abs(x);
    }
    return s;
  }
}
