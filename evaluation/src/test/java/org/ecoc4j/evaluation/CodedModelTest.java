package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
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
import org.ecoc4j.api.codebook.CodebookGenerator;
import org.ecoc4j.api.codebook.CodebookSpec;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.junit.jupiter.api.Test;

/**
 * An output-code model end to end: lenet trained on CRC codewords (tanh squared error) on the
 * bundled Fashion-MNIST sample, decided by the Zadeh decoder, which rejects words that are not
 * codewords or belong to no class. Attacked with the papers' objective (the training loss) and
 * the adaptive margin on codeword correlations.
 */
class CodedModelTest {

  private static final List<Double> EPSILONS = List.of(0.0, 0.1, 0.3);

  @Test
  void rejectionAndReliabilityAreConsistentAndTheMarginObjectiveBreaksTheCode() {
    Dataset data = Plugins.find(DatasetProvider.class, "fashion-mnist").open(Map.of());
    List<Codebook> codebooks =
        Plugins.find(CodebookGenerator.class, "crc").generate(CodebookSpec.of(10));
    int bits = codebooks.get(0).length();
    Backend ort = Plugins.find(Backend.class, "ort");
    try (TrainedNetwork network = ort.train(new ModelSpec("lenet", data.shape(), bits, 1),
        LossSpec.tanhSquaredError(codebooks), TrainingConfig.adamW(2, 64, 5), data.train(),
        null, Map.of("progress", "false"))) {
      PreparedDecoder zadeh = Plugins.find(Decoder.class, "zadeh").prepare(codebooks, Map.of());
      List<EvaluationResult> results = new ArrayList<>();
      for (String objective : List.of("loss", "margin")) {
        EvaluationPlan plan = new EvaluationPlan(
            List.of(AttackRun.of(Plugins.find(Attack.class, "pgd"), Map.of())), EPSILONS,
            Plugins.find(Objective.class, objective), Norm.LINF, 10, Double.NaN,
            Goal.UNTARGETED, 100, 50, 3, 0);
        results.add(new Evaluator(null).evaluate(network, zadeh, data.test(), plan));
      }
      for (EvaluationResult result : results) {
        consistent(result.clean());
        result.attacks().forEach(r -> consistent(r.metrics()));
        assertEquals(result.clean().accuracy(), result.attacks().get(0).metrics().accuracy(),
            1e-12, "epsilon 0 is the clean input");
      }
      assertTrue(results.get(0).clean().accuracy() > 0.5, results.get(0).clean().toString());
      double margin = results.get(1).attacks().get(2).metrics().accuracy();
      assertTrue(margin <= 0.05, "PGD on the margin at epsilon 0.3 leaves " + margin);
    }
  }

  /** Accuracy is reliability times the accepted fraction. */
  private static void consistent(Metrics m) {
    if (!Double.isNaN(m.reliability())) {
      assertEquals(m.accuracy(), m.reliability() * (1 - m.rejectionRate()), 1e-9, m.toString());
    } else {
      assertEquals(1.0, m.rejectionRate(), 0, m.toString());
    }
  }
}
