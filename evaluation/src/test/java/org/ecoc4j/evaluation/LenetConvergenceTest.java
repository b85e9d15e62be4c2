package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Convergence on a real trained model: lenet trained for two epochs with cross-entropy on the
 * bundled Fashion-MNIST sample (undefended), then attacked on test images. PGD's robust accuracy
 * must fall with epsilon (within sampling noise), equal the clean accuracy at epsilon 0, reach
 * about 0 at epsilon 0.3, and never be above FGSM's beyond noise; Auto-PGD's never above PGD's
 * beyond noise. The black-box L2 Square Attack must lower the accuracy clearly at an L2 radius
 * where PGD does, and give the same images for the same seed.
 */
class LenetConvergenceTest {

  private static final int SAMPLES = 200;
  private static final int L2_SAMPLES = 100;
  private static final List<Double> EPSILONS = List.of(0.0, 0.02, 0.05, 0.1, 0.2, 0.3);

  private static TrainedNetwork network;
  private static Dataset data;
  private static PreparedDecoder decoder;

  @BeforeAll
  static void train() {
    data = Plugins.find(DatasetProvider.class, "fashion-mnist").open(Map.of());
    Backend ort = Plugins.find(Backend.class, "ort");
    ModelSpec spec = new ModelSpec("lenet", data.shape(), 10, 1);
    network = ort.train(spec, LossSpec.crossEntropy(10), TrainingConfig.adamW(2, 64, 1),
        data.train(), null, Map.of("progress", "false"));
    int[][] rows = new int[10][10];
    for (int c = 0; c < 10; c++) {
      for (int j = 0; j < 10; j++) {
        rows[c][j] = c == j ? 1 : -1;
      }
    }
    decoder =
        Plugins.find(Decoder.class, "correlation-softmax").prepare(Codebook.of(rows), Map.of());
  }

  @AfterAll
  static void close() {
    network.close();
  }

  @Test
  void robustAccuracyFallsToZeroForAnUndefendedModel() {
    List<AttackRun> attacks = List.of(
        AttackRun.of(Plugins.find(Attack.class, "fgsm"), Map.of()),
        AttackRun.of(Plugins.find(Attack.class, "pgd"), Map.of()),
        AttackRun.of(Plugins.find(Attack.class, "apgd"), Map.of()));
    EvaluationPlan plan = new EvaluationPlan(attacks, EPSILONS,
        Plugins.find(Objective.class, "cross-entropy"), Norm.LINF, 10, Double.NaN,
        Goal.UNTARGETED, SAMPLES, 100, 7, 4);
    EvaluationResult result = new Evaluator(null).evaluate(network, decoder, data.test(), plan);

    double clean = result.clean().accuracy();
    assertTrue(clean > 0.65, "clean accuracy " + clean);
    List<AttackResult> fgsm = result.attacks().subList(0, EPSILONS.size());
    List<AttackResult> pgd = result.attacks().subList(EPSILONS.size(), 2 * EPSILONS.size());
    List<AttackResult> apgd = result.attacks().subList(2 * EPSILONS.size(), 3 * EPSILONS.size());
    double noise = MaskingChecks.tolerance(SAMPLES);
    assertEquals(clean, pgd.get(0).metrics().accuracy(), 1e-12, "epsilon 0 is the clean input");
    for (int k = 1; k < EPSILONS.size(); k++) {
      double before = pgd.get(k - 1).metrics().accuracy();
      double after = pgd.get(k).metrics().accuracy();
      assertTrue(after <= before + noise, "PGD rises from " + before + " to " + after);
      assertTrue(after <= fgsm.get(k).metrics().accuracy() + noise,
          "PGD " + after + " above FGSM " + fgsm.get(k).metrics().accuracy());
      assertTrue(apgd.get(k).metrics().accuracy() <= after + noise,
          "APGD " + apgd.get(k).metrics().accuracy() + " above PGD " + after);
    }
    double last = pgd.get(EPSILONS.size() - 1).metrics().accuracy();
    assertTrue(last <= 0.05, "PGD at epsilon 0.3 leaves " + last);
    assertTrue(pgd.get(2).metrics().accuracy() < clean - noise, "epsilon 0.05 must hurt");
    assertTrue(result.flags().isEmpty(), "masking flags on an undefended model: "
        + result.flags());
  }

  /**
   * AutoAttack's pair on the same model: Auto-PGD on {@code dlr} (untargeted) and on
   * {@code dlr-targeted} at random targets (targeted) both take accuracy down with epsilon
   * (measured on 200 images, 10 steps: untargeted 0.79, 0.41, 0.16, 0.005 at 0, 0.05, 0.1, 0.2;
   * targeted 0.79, 0.67, 0.53, 0.24, reaching the target on 11 %, 31 %, 67 %).
   */
  @Test
  void dlrObjectivesReduceAccuracy() {
    List<Double> radii = List.of(0.0, 0.05, 0.1, 0.2);
    List<AttackRun> apgd = List.of(AttackRun.of(Plugins.find(Attack.class, "apgd"), Map.of()));
    EvaluationResult untargeted = new Evaluator(null).evaluate(network, decoder, data.test(),
        new EvaluationPlan(apgd, radii, Plugins.find(Objective.class, "dlr"), Norm.LINF, 10,
            Double.NaN, Goal.UNTARGETED, SAMPLES, 100, 7, 0));
    EvaluationResult targeted = new Evaluator(null).evaluate(network, decoder, data.test(),
        new EvaluationPlan(apgd, radii, Plugins.find(Objective.class, "dlr-targeted"), Norm.LINF,
            10, Double.NaN, Goal.TARGETED, TargetSelection.RANDOM, SAMPLES, 100, 7, 0));
    double clean = untargeted.clean().accuracy();
    double noise = MaskingChecks.tolerance(SAMPLES);
    for (EvaluationResult result : List.of(untargeted, targeted)) {
      List<AttackResult> runs = result.attacks();
      assertEquals(clean, runs.get(0).metrics().accuracy(), 1e-12, "epsilon 0 is clean");
      for (int k = 1; k < radii.size(); k++) {
        assertTrue(runs.get(k).metrics().accuracy() <= runs.get(k - 1).metrics().accuracy()
            + noise, result.goal() + " rises at " + radii.get(k) + ": " + runs);
      }
      assertTrue(runs.get(1).metrics().accuracy() < clean - noise,
          result.goal() + " at 0.05 must hurt: " + runs);
    }
    double untargetedLast = untargeted.attacks().get(3).metrics().accuracy();
    assertTrue(untargetedLast <= 0.05, "APGD-DLR at 0.2 leaves " + untargetedLast);
    double targetedSuccess = targeted.attacks().get(3).metrics().successRate();
    assertTrue(targetedSuccess > 0.3, "APGD-T-DLR at 0.2 reaches its target on " + targetedSuccess);
  }

  @Test
  void l2SquareAttackLowersAccuracyClearlyAndIsReproducible() {
    Objective margin = Plugins.find(Objective.class, "margin");
    Attack square = Plugins.find(Attack.class, "square");
    List<Double> radii = List.of(0.5, 1.0, 2.0);
    EvaluationPlan plan = new EvaluationPlan(
        List.of(AttackRun.of(Plugins.find(Attack.class, "pgd"), Map.of()),
            AttackRun.of(square, Map.of("queries", "300"))),
        radii, margin, Norm.L2, 10, Double.NaN, Goal.UNTARGETED, L2_SAMPLES, 100, 7, 0);
    EvaluationResult result = new Evaluator(null).evaluate(network, decoder, data.test(), plan);

    double clean = result.clean().accuracy();
    assertTrue(clean > 0.65, "clean accuracy " + clean);
    List<AttackResult> pgd = result.attacks().subList(0, radii.size());
    List<AttackResult> black = result.attacks().subList(radii.size(), 2 * radii.size());
    double noise = MaskingChecks.tolerance(L2_SAMPLES);
    for (int k = 0; k < radii.size(); k++) {
      double before = k == 0 ? clean : black.get(k - 1).metrics().accuracy();
      double after = black.get(k).metrics().accuracy();
      assertTrue(after <= before + noise, "square rises from " + before + " to " + after);
      assertTrue(after >= pgd.get(k).metrics().accuracy() - noise,
          "black-box square " + after + " below white-box PGD " + pgd.get(k).metrics().accuracy());
    }
    double last = black.get(radii.size() - 1).metrics().accuracy();
    assertTrue(last < clean - 2 * noise, "square at L2 radius 2 leaves " + last + " of " + clean);
    assertTrue(result.flags().isEmpty(), "masking flags on an undefended model: "
        + result.flags());

    int count = 20;
    int size = data.shape().size();
    float[] images = new float[count * size];
    int[] labels = new int[count];
    for (int i = 0; i < count; i++) {
      data.test().copyImage(i, images, i * size);
      labels[i] = data.test().label(i);
    }
    PreparedAttack prepared = square.prepare(Map.of("queries", "50"));
    Budget budget = Budget.of(Norm.L2, 2.0, 1);
    float[] first = new float[images.length];
    float[] again = new float[images.length];
    float[] otherSeed = new float[images.length];
    try (GradientOracle oracle = network.gradientOracle(count, margin)) {
      prepared.perturb(oracle, budget, Goal.UNTARGETED, images, labels, 3, first);
      prepared.perturb(oracle, budget, Goal.UNTARGETED, images, labels, 3, again);
      prepared.perturb(oracle, budget, Goal.UNTARGETED, images, labels, 4, otherSeed);
    }
    assertArrayEquals(first, again, "the same seed must give the same images");
    assertFalse(Arrays.equals(first, otherSeed), "another seed gave the same images");
    assertFalse(Arrays.equals(first, images), "square changed nothing");
  }
}
