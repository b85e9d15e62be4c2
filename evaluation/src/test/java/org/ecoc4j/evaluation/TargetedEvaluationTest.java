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
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
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

  private static final int CLASSES = PixelNetwork.CLASSES;
  private static final ImageShape SHAPE = PixelNetwork.SHAPE;
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
      assertEquals(TargetSelection.RANDOM.target(labels[b], CLASSES, SEED, b, null, 0, 0),
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
    EvaluationPlan plan = plan(new LabelRecorder(), TargetSelection.RANDOM, 8);
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
    LabelRecorder recorder = new LabelRecorder();
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new EvaluationPlan(List.of(AttackRun.of(recorder, Map.of())), List.of(0.1),
            new PixelMargin(), Norm.LINF, 1, Double.NaN, Goal.UNTARGETED,
            TargetSelection.LEAST_LIKELY, COUNT, 8, SEED, 0));
    assertEquals("target selection 'least-likely' needs a targeted goal", e.getMessage());
  }

  /** The targets the recording attack was given, checked equal across attacks and epsilons. */
  private int[] targets(TargetSelection selection, int batch) {
    LabelRecorder recorder = new LabelRecorder();
    new Evaluator(null).evaluate(new PixelNetwork(), decoder, split, plan(recorder, selection,
        batch));
    assertEquals(2 * 2, recorder.calls() / ((COUNT + batch - 1) / batch));
    int[] first = recorder.labelsOfCall(0, batch, 4, COUNT);
    for (int call = 1; call < 4; call++) {
      assertArrayEquals(first, recorder.labelsOfCall(call, batch, 4, COUNT), "call " + call);
    }
    return first;
  }

  private static EvaluationPlan plan(
      LabelRecorder recorder, TargetSelection selection, int batch) {
    List<AttackRun> runs =
        List.of(AttackRun.of(recorder, Map.of()), AttackRun.of(recorder, Map.of()));
    return new EvaluationPlan(runs, List.of(0.1, 0.2), new PixelMargin(), Norm.LINF, 1,
        Double.NaN, Goal.TARGETED, selection, COUNT, batch, SEED, 0);
  }
}
