package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.OptionSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code top-K} targeted sweep (AutoAttack's APGD-T) on {@link PixelNetwork} decided by
 * {@code correlation-softmax} over one-hot codewords (each image's largest pixel is its label's,
 * so the clean inputs are decided right): the K runs of each attack and epsilon get
 * exactly the K other classes of highest clean posterior, rank by rank; a sample counts as broken
 * when any run makes the decoder accept a wrong class; results are reproducible.
 */
class TopTargetsEvaluationTest {

  private static final int CLASSES = PixelNetwork.CLASSES;
  private static final int COUNT = 23;
  private static final long SEED = 29;

  private final float[] images = new float[COUNT * CLASSES];
  private final int[] labels = new int[COUNT];
  private final Split split;
  private final PreparedDecoder decoder;

  TopTargetsEvaluationTest() {
    Random random = new Random(6);
    for (int b = 0; b < COUNT; b++) {
      labels[b] = random.nextInt(CLASSES);
      float best = 0;
      for (int c = 0; c < CLASSES; c++) {
        images[b * CLASSES + c] = 0.7f * random.nextFloat();
        best = Math.max(best, images[b * CLASSES + c]);
      }
      images[b * CLASSES + labels[b]] = best + 0.3f * random.nextFloat();
    }
    split = Split.inMemory("test", PixelNetwork.SHAPE, CLASSES, images, labels);
    int[][] rows = new int[CLASSES][CLASSES];
    for (int c = 0; c < CLASSES; c++) {
      for (int j = 0; j < CLASSES; j++) {
        rows[c][j] = c == j ? 1 : -1;
      }
    }
    decoder = Plugins.find(Decoder.class, "correlation-softmax")
        .prepare(Codebook.of(rows), Map.of());
  }

  @Test
  void theRunsGetTheTopOtherClassesRankByRank() {
    float[] posteriors = new float[COUNT * CLASSES];
    decoder.posteriors(images, 0, COUNT, posteriors);
    for (int batch : new int[] {8, 5}) {
      LabelRecorder recorder = new LabelRecorder();
      new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
          plan(List.of(recorder, recorder), TargetSelection.top(3), List.of(0.1, 0.2), batch));
      int perBatch = 2 * 2 * 3;
      assertEquals(perBatch * ((COUNT + batch - 1) / batch), recorder.calls());
      for (int run = 0; run < 4; run++) {
        for (int rank = 0; rank < 3; rank++) {
          int[] seen = recorder.labelsOfCall(run * 3 + rank, batch, perBatch, COUNT);
          for (int b = 0; b < COUNT; b++) {
            assertEquals(byPosterior(posteriors, b).get(rank), seen[b],
                "batch " + batch + ", run " + run + ", rank " + rank + ", sample " + b);
          }
        }
      }
    }
  }

  @Test
  void aSampleIsBrokenWhenAnyOfItsRunsBreaksIt() {
    float[] posteriors = new float[COUNT * CLASSES];
    decoder.posteriors(images, 0, COUNT, posteriors);
    Decisions decisions = Decisions.withCapacity(1);
    double previous = 1;
    Set<Double> accuracies = new HashSet<>();
    for (int k = 1; k < CLASSES; k++) {
      EvaluationResult result = new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
          plan(List.of(new EvenTargetAttack()), TargetSelection.top(k), List.of(0.2), 7));
      Tally expected = new Tally();
      for (int b = 0; b < COUNT; b++) {
        decoder.decode(images, b * CLASSES, 1, decisions);
        boolean cleanRight = decisions.label(0) == labels[b];
        Outcome worst = Outcome.RIGHT;
        for (int rank = 0; rank < k; rank++) {
          float[] moved = EvenTargetAttack.move(images, b, byPosterior(posteriors, b).get(rank),
              0.2);
          decoder.decode(moved, 0, 1, decisions);
          worst = worst.worst(Outcome.of(decisions, 0, labels[b], -1));
        }
        expected.add(worst, cleanRight);
      }
      Metrics metrics = result.attacks().get(0).metrics();
      assertEquals(expected.metrics(), metrics, "top-" + k);
      assertEquals(metrics, result.worstCase().get(0).metrics(), "top-" + k);
      assertTrue(metrics.accuracy() <= previous, "top-" + k + " " + metrics);
      previous = metrics.accuracy();
      accuracies.add(metrics.accuracy());
    }
    assertTrue(accuracies.size() > 1, "more targets must break more samples: " + accuracies);
  }

  @Test
  void sweepsAreReproducibleAndEachRankHasItsOwnSeed() {
    Attack pgd = Plugins.find(Attack.class, "pgd");
    EvaluationPlan plan = plan(List.of(pgd), TargetSelection.top(2), List.of(0.05, 0.2), 6);
    EvaluationResult first = new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
        plan);
    EvaluationResult second = new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
        plan);
    assertEquals(first.attacks(), second.attacks());
    assertEquals(first.worstCase(), second.worstCase());
    assertArrayEquals(first.examples().adversarial("pgd"), second.examples().adversarial("pgd"));

    LabelRecorder swept = new LabelRecorder();
    new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
        plan(List.of(swept), TargetSelection.top(2), List.of(0.1), COUNT));
    LabelRecorder single = new LabelRecorder();
    new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
        plan(List.of(single), TargetSelection.NEXT, List.of(0.1), COUNT));
    assertEquals(single.seedOfCall(0), swept.seedOfCall(0));
    assertNotEquals(swept.seedOfCall(0), swept.seedOfCall(1));
  }

  @Test
  void theReportNamesTheSweep(@TempDir Path folder) throws Exception {
    EvaluationResult result = new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
        plan(List.of(new EvenTargetAttack()), TargetSelection.top(2), List.of(0.3), 8));
    assertEquals(TargetSelection.top(2), result.targets());
    ReportFiles.write(folder, result, Map.of("seed", SEED), "pixels");
    JsonNode json = new ObjectMapper().readTree(folder.resolve(ReportFiles.JSON).toFile());
    assertEquals("top-2", json.get("targets").asText());
    assertEquals(1, json.get("worstCase").size());
    List<String> csv = Files.readAllLines(folder.resolve(ReportFiles.CSV));
    assertTrue(csv.get(2).startsWith("even-target,true,0.3,23,"), csv.get(2));
    assertTrue(csv.get(2).endsWith(",targeted,top-2"), csv.get(2));
    assertTrue(csv.get(3).startsWith("worst-case,,0.3,23,"), csv.get(3));
  }

  @Test
  void refusesMoreTargetsThanOtherClasses() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new Evaluator(null).evaluate(new PixelNetwork(), decoder, split,
            plan(List.of(new EvenTargetAttack()), TargetSelection.top(CLASSES), List.of(0.1),
                8)));
    assertEquals("target selection 'top-5' needs at least 6 classes, the test data has 5",
        e.getMessage());
    IllegalArgumentException untargeted = assertThrows(IllegalArgumentException.class,
        () -> new EvaluationPlan(List.of(AttackRun.of(new EvenTargetAttack(), Map.of())),
            List.of(0.1), new PixelMargin(), Norm.LINF, 3, Double.NaN, Goal.UNTARGETED,
            TargetSelection.top(2), COUNT, 8, SEED, 0));
    assertEquals("target selection 'top-2' needs a targeted goal", untargeted.getMessage());
  }

  /** The other classes of sample {@code b}, by decreasing clean posterior, ties by index. */
  private List<Integer> byPosterior(float[] posteriors, int b) {
    List<Integer> others = new ArrayList<>();
    for (int c = 0; c < CLASSES; c++) {
      if (c != labels[b]) {
        others.add(c);
      }
    }
    others.sort(Comparator.comparingDouble((Integer c) -> -posteriors[b * CLASSES + c])
        .thenComparingInt(c -> c));
    return others;
  }

  private static EvaluationPlan plan(
      List<Attack> attacks, TargetSelection targets, List<Double> epsilons, int batch) {
    List<AttackRun> runs = attacks.stream().map(a -> AttackRun.of(a, Map.of())).toList();
    return new EvaluationPlan(runs, epsilons, new PixelMargin(), Norm.LINF, 3, Double.NaN,
        Goal.TARGETED, targets, COUNT, batch, SEED, 4);
  }

  /**
   * A targeted test attack that succeeds only at even targets: it raises the target's pixel by
   * epsilon (clipped to 1) when the target is even and leaves odd targets alone, so which samples
   * a sweep breaks depends on how many ranks it tries.
   */
  private static final class EvenTargetAttack implements Attack, PreparedAttack {

    /** Sample {@code b} of {@code images} with the pixel of {@code target} moved. */
    static float[] move(float[] images, int b, int target, double epsilon) {
      float[] moved = new float[CLASSES];
      System.arraycopy(images, b * CLASSES, moved, 0, CLASSES);
      if (target % 2 == 0) {
        moved[target] = Math.min(1f, moved[target] + (float) epsilon);
      }
      return moved;
    }

    @Override
    public String name() {
      return "even-target";
    }

    @Override
    public String description() {
      return "raises even targets' pixels by epsilon";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public boolean usesGradients() {
      return true;
    }

    @Override
    public PreparedAttack prepare(Map<String, String> options) {
      return this;
    }

    @Override
    public void perturb(GradientOracle oracle, Budget budget, Goal goal, float[] images,
        int[] labels, long seed, float[] adversarial) {
      for (int b = 0; b < labels.length; b++) {
        System.arraycopy(move(images, b, labels[b], budget.epsilon()), 0, adversarial,
            b * CLASSES, CLASSES);
      }
    }
  }
}
