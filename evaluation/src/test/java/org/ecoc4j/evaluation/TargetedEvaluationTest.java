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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.attack.PreparedAttack;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.GradientOracle;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The targets the evaluator gives attacks under each {@link TargetSelection}, seen by an attack
 * that records its labels, on a network whose outputs are its pixels decided by
 * {@code correlation-softmax} with one-hot codewords: the same target for every attack and
 * epsilon, whatever the batch size; {@code least-likely} is the argmin of the decoder's clean
 * posteriors; the report records the goal and the selection.
 */
class TargetedEvaluationTest {

  private static final int CLASSES = 5;
  private static final ImageShape SHAPE = new ImageShape(1, 1, CLASSES);
  private static final int COUNT = 23;
  private static final long SEED = 19;

  private final float[] images = new float[COUNT * CLASSES];
  private final int[] labels = new int[COUNT];
  private final Split split;
  private final PreparedDecoder decoder;

  TargetedEvaluationTest() {
    Random random = new Random(4);
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    for (int b = 0; b < COUNT; b++) {
      labels[b] = random.nextInt(CLASSES);
    }
    split = Split.inMemory("test", SHAPE, CLASSES, images, labels);
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
  void nextAimsAtTheFollowingClass() {
    int[] targets = targets(TargetSelection.NEXT, 8);
    for (int b = 0; b < COUNT; b++) {
      assertEquals((labels[b] + 1) % CLASSES, targets[b], "sample " + b);
    }
  }

  @Test
  void randomTargetsAreOtherClassesIndependentOfTheBatchSize() {
    int[] targets = targets(TargetSelection.RANDOM, 8);
    assertArrayEquals(targets, targets(TargetSelection.RANDOM, 5));
    for (int b = 0; b < COUNT; b++) {
      assertNotEquals(labels[b], targets[b], "sample " + b);
      assertEquals(TargetSelection.RANDOM.target(labels[b], CLASSES, SEED, b, null, 0),
          targets[b], "sample " + b);
    }
  }

  @Test
  void leastLikelyIsTheArgminOfTheCleanPosteriors() {
    int[] targets = targets(TargetSelection.LEAST_LIKELY, 8);
    float[] posteriors = new float[COUNT * CLASSES];
    decoder.posteriors(images, 0, COUNT, posteriors);
    for (int b = 0; b < COUNT; b++) {
      int argmin = -1;
      for (int c = 0; c < CLASSES; c++) {
        if (c != labels[b]
            && (argmin < 0 || posteriors[b * CLASSES + c] < posteriors[b * CLASSES + argmin])) {
          argmin = c;
        }
      }
      assertEquals(argmin, targets[b], "sample " + b);
    }
  }

  @Test
  void theReportRecordsGoalAndSelection(@TempDir Path folder) throws Exception {
    EvaluationPlan plan = plan(new Recorder(), TargetSelection.RANDOM, 8);
    EvaluationResult result =
        new Evaluator(null).evaluate(new PixelNetwork(), decoder, split, plan);
    assertEquals(Goal.TARGETED, result.goal());
    assertEquals(TargetSelection.RANDOM, result.targets());
    ReportFiles.write(folder, result, Map.of("seed", SEED), "pixels");
    JsonNode json = new ObjectMapper().readTree(folder.resolve(ReportFiles.JSON).toFile());
    assertEquals("targeted", json.get("goal").asText());
    assertEquals("random", json.get("targets").asText());
    List<String> csv = Files.readAllLines(folder.resolve(ReportFiles.CSV));
    assertTrue(csv.get(0).endsWith(",goal,targets"), csv.get(0));
    assertTrue(csv.get(1).endsWith(",,"), csv.get(1));
    assertTrue(csv.get(2).endsWith(",targeted,random"), csv.get(2));
  }

  @Test
  void untargetedPlansRefuseAnotherSelection() {
    Recorder recorder = new Recorder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EvaluationPlan(List.of(AttackRun.of(recorder, Map.of())), List.of(0.1),
            new PixelMargin(), Norm.LINF, 1, Double.NaN, Goal.UNTARGETED,
            TargetSelection.LEAST_LIKELY, COUNT, 8, SEED, 0));
    assertEquals("target selection 'least-likely' needs a targeted goal", e.getMessage());
  }

  /** The targets the recording attack was given, checked equal across attacks and epsilons. */
  private int[] targets(TargetSelection selection, int batch) {
    Recorder recorder = new Recorder();
    new Evaluator(null).evaluate(new PixelNetwork(), decoder, split, plan(recorder, selection,
        batch));
    assertEquals(2 * 2, recorder.calls.size() / ((COUNT + batch - 1) / batch));
    int[] first = recorder.labelsOfCall(0, batch);
    for (int call = 1; call < 4; call++) {
      assertArrayEquals(first, recorder.labelsOfCall(call, batch), "call " + call);
    }
    return first;
  }

  private static EvaluationPlan plan(Recorder recorder, TargetSelection selection, int batch) {
    List<AttackRun> runs =
        List.of(AttackRun.of(recorder, Map.of()), AttackRun.of(recorder, Map.of()));
    return new EvaluationPlan(runs, List.of(0.1, 0.2), new PixelMargin(), Norm.LINF, 1,
        Double.NaN, Goal.TARGETED, selection, COUNT, batch, SEED, 0);
  }

  /** An attack that leaves the images unchanged and records the labels it is given. */
  private static final class Recorder implements Attack, PreparedAttack {
    private final List<int[]> calls = new ArrayList<>();

    /**
     * The labels of every sample as seen by the {@code k}-th call of each batch (calls come batch
     * by batch, four per batch: two attacks at two radii).
     */
    int[] labelsOfCall(int k, int batch) {
      int[] all = new int[COUNT];
      int batches = (COUNT + batch - 1) / batch;
      for (int i = 0; i < batches; i++) {
        int[] seen = calls.get(i * 4 + k);
        System.arraycopy(seen, 0, all, i * batch, seen.length);
      }
      return all;
    }

    @Override
    public String name() {
      return "recorder";
    }

    @Override
    public String description() {
      return "records the labels it is given";
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
      calls.add(labels.clone());
      System.arraycopy(images, 0, adversarial, 0, images.length);
    }
  }

  /** A network whose outputs are its pixels; its oracle's loss is the margin on them. */
  private static final class PixelNetwork implements TrainedNetwork {
    @Override
    public ModelSpec spec() {
      return new ModelSpec("pixels", SHAPE, CLASSES, 1);
    }

    @Override
    public List<EpochSummary> history() {
      return List.of();
    }

    @Override
    public float[] scores(float[] images, int count) {
      return Arrays.copyOf(images, count * CLASSES);
    }

    @Override
    public GradientOracle gradientOracle(int maxBatch) {
      return gradientOracle(maxBatch, new PixelMargin());
    }

    @Override
    public GradientOracle gradientOracle(int maxBatch, Objective objective) {
      return new GradientOracle() {
        @Override
        public ImageShape inputShape() {
          return SHAPE;
        }

        @Override
        public int maxBatch() {
          return maxBatch;
        }

        @Override
        public void lossAndGradient(
            float[] images, int[] labels, float[] lossesOut, float[] gradientOut) {
          for (int b = 0; b < labels.length; b++) {
            int best = labels[b] == 0 ? 1 : 0;
            for (int c = 0; c < CLASSES; c++) {
              if (c != labels[b] && images[b * CLASSES + c] > images[b * CLASSES + best]) {
                best = c;
              }
            }
            lossesOut[b] = images[b * CLASSES + best] - images[b * CLASSES + labels[b]];
            Arrays.fill(gradientOut, b * CLASSES, (b + 1) * CLASSES, 0f);
            gradientOut[b * CLASSES + best] = 1f;
            gradientOut[b * CLASSES + labels[b]] = -1f;
          }
        }

        @Override
        public void close() {}
      };
    }

    @Override
    public void exportInference(Path file) {
      throw new UnsupportedOperationException("the test double has no ONNX model");
    }

    @Override
    public void saveCheckpoint(Path file) {
      throw new UnsupportedOperationException("the test double has no checkpoint");
    }

    @Override
    public void close() {}
  }

  /** The objective the pixel network's oracle computes in closed form. */
  private static final class PixelMargin implements Objective {
    @Override
    public String name() {
      return "margin";
    }

    @Override
    public String description() {
      return "margin of the pixel network";
    }

    @Override
    public List<OptionSpec> options() {
      return List.of();
    }

    @Override
    public Term loss(Terms terms) {
      throw new UnsupportedOperationException("the pixel network computes it in closed form");
    }
  }
}
