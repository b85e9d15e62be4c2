package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
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
 * bundled Fashion-MNIST sample (undefended), then attacked on 200 test images. PGD's robust
 * accuracy must fall with epsilon (within sampling noise), equal the clean accuracy at epsilon 0,
 * reach about 0 at epsilon 0.3, and never be above FGSM's beyond noise; Auto-PGD's never above
 * PGD's beyond noise.
 */
class LenetConvergenceTest {

  private static final int SAMPLES = 200;
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
}
