package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The evaluator on a linear two-class network, where an L-infinity step of epsilon lowers every
 * margin by exactly {@code epsilon ||w_0 - w_1||_1}: the expected metrics follow in closed form
 * from the clean margins.
 */
class EvaluatorTest {

  private static final int COUNT = 50;
  private static final int USED = 45;
  private static final float TAU = 0.05f;
  private static final List<Double> EPSILONS = List.of(0.0, 0.05, 0.1, 0.2);

  private final float[] images = new float[COUNT * 4];
  private final int[] labels = new int[COUNT];
  private final Split split;

  EvaluatorTest() {
    Random random = new Random(3);
    for (int i = 0; i < images.length; i++) {
      images[i] = 0.2f + 0.6f * random.nextFloat();
    }
    for (int b = 0; b < COUNT; b++) {
      labels[b] = random.nextInt(2);
    }
    split = Split.inMemory("test", new ImageShape(1, 2, 2), 2, images, labels);
  }

  @Test
  void metricsMatchTheClosedForm() {
    StringWriter err = new StringWriter();
    EvaluationResult result =
        new Evaluator(new PrintWriter(err, true))
            .evaluate(new LinearNetwork(false), new MarginDecoder(TAU), split,
                plan(List.of("fgsm", "bim"), 8));
    long cleanCorrect = java.util.stream.IntStream.range(0, USED)
        .filter(b -> LinearNetwork.margin(images, b * 4, labels[b]) >= TAU)
        .count();
    assertEquals(cleanCorrect / (double) USED, result.clean().accuracy(), 1e-12);
    assertEquals(USED, result.clean().samples());
    assertEquals(2 * EPSILONS.size(), result.attacks().size());
    double slope = LinearNetwork.marginSlope();
    for (AttackResult r : result.attacks()) {
      double shift = r.epsilon() * slope;
      int right = 0;
      int rejected = 0;
      int cleanRight = 0;
      int flipped = 0;
      for (int b = 0; b < USED; b++) {
        double clean = LinearNetwork.margin(images, b * 4, labels[b]);
        double adversarial = clean - shift;
        right += adversarial >= TAU ? 1 : 0;
        rejected += Math.abs(adversarial) < TAU ? 1 : 0;
        if (clean >= TAU) {
          cleanRight++;
          flipped += adversarial <= -TAU ? 1 : 0;
        }
      }
      String at = r.attack() + " at " + r.epsilon();
      assertEquals(right / (double) USED, r.metrics().accuracy(), 1e-12, at);
      assertEquals(rejected / (double) USED, r.metrics().rejectionRate(), 1e-12, at);
      assertEquals(right / (double) (USED - rejected), r.metrics().reliability(), 1e-12, at);
      assertEquals(flipped / (double) cleanRight, r.metrics().successRate(), 1e-12, at);
    }
    assertTrue(result.flags().isEmpty(), "no masking expected: " + result.flags());
    assertEquals(new GradientHealth(USED, 0, 0), result.gradients());
    assertTrue(err.toString().contains("45/45 samples"), err.toString());
  }

  @Test
  void targetedAtTheOtherOfTwoClassesMatchesUntargeted() {
    EvaluationResult untargeted = new Evaluator(null).evaluate(new LinearNetwork(false),
        new MarginDecoder(TAU), split, plan(List.of("fgsm"), 8));
    EvaluationPlan base = plan(List.of("fgsm"), 8);
    EvaluationPlan targetedPlan = new EvaluationPlan(base.attacks(), base.epsilons(),
        base.objective(), base.norm(), base.steps(), base.stepSize(), Goal.TARGETED,
        base.samples(), base.batchSize(), base.seed(), base.examples());
    EvaluationResult targeted = new Evaluator(null).evaluate(new LinearNetwork(false),
        new MarginDecoder(TAU), split, targetedPlan);
    assertEquals(untargeted.attacks(), targeted.attacks());
    assertTrue(targeted.attacks().get(3).metrics().successRate() > 0);
  }

  @Test
  void maskedGradientsAreFlagged() {
    EvaluationResult result =
        new Evaluator(null)
            .evaluate(new LinearNetwork(true), new MarginDecoder(TAU), split,
                plan(List.of("pgd", "square"), 16));
    Set<MaskingFlag.Kind> kinds =
        result.flags().stream().map(MaskingFlag::kind).collect(Collectors.toSet());
    assertTrue(kinds.contains(MaskingFlag.Kind.ZERO_GRADIENT), kinds.toString());
    assertTrue(kinds.contains(MaskingFlag.Kind.BLACK_BOX_BEATS_WHITE_BOX), kinds.toString());
    assertTrue(kinds.contains(MaskingFlag.Kind.ACCURACY_FLAT_IN_EPSILON), kinds.toString());
    assertFalse(kinds.contains(MaskingFlag.Kind.NON_FINITE_GRADIENT), kinds.toString());
  }

  @Test
  void writesJsonCsvAndPlots(@TempDir Path folder) throws Exception {
    EvaluationResult result =
        new Evaluator(null)
            .evaluate(new LinearNetwork(false), new MarginDecoder(TAU), split,
                plan(List.of("fgsm", "square"), 8));
    Map<String, Object> provenance = Map.of("model", "linear", "seed", 7);
    List<Path> files = ReportFiles.write(folder.resolve("out"), result, provenance, "linear");
    assertEquals(5, files.size());

    JsonNode json = new ObjectMapper().readTree(folder.resolve("out/report.json").toFile());
    assertEquals("linear", json.get("provenance").get("model").asText());
    assertEquals(2 * EPSILONS.size(), json.get("attacks").size());
    assertEquals(result.clean().accuracy(), json.get("clean").get("accuracy").asDouble(), 1e-12);
    JsonNode worst = json.get("worstCase");
    assertEquals(EPSILONS.size(), worst.size());
    for (int e = 0; e < EPSILONS.size(); e++) {
      WorstCaseResult expected = result.worstCase().get(e);
      assertEquals(expected.epsilon(), worst.get(e).get("epsilon").asDouble());
      assertEquals("[\"fgsm\",\"square\"]", worst.get(e).get("attacks").toString());
      assertEquals(expected.metrics().accuracy(), worst.get(e).get("accuracy").asDouble(), 1e-12);
      assertEquals(expected.metrics().samples(), worst.get(e).get("samples").asLong());
      assertEquals(expected.breakers().size(), worst.get(e).get("breakers").size());
      long counted = 0;
      for (var entry : expected.brokenBy().entrySet()) {
        assertEquals((long) entry.getValue(),
            worst.get(e).get("brokenBy").get(entry.getKey()).asLong());
        counted += entry.getValue();
      }
      assertEquals(Math.round((1 - expected.metrics().accuracy()) * USED), counted);
    }
    List<String> breakers = Files.readAllLines(folder.resolve("out/broken-by.csv"));
    assertEquals("sample,epsilon,broken_by", breakers.get(0));
    assertEquals(1 + EPSILONS.size() * USED, breakers.size());
    assertEquals("untargeted", json.get("goal").asText());
    assertTrue(json.get("targets").isNull(), json.toString());

    List<String> csv = Files.readAllLines(folder.resolve("out/report.csv"));
    assertEquals(String.join(",", CsvReport.HEADER), csv.get(0));
    assertEquals(2 + 3 * EPSILONS.size(), csv.size());
    assertTrue(csv.get(1).startsWith("clean,"));
    assertTrue(csv.get(2).endsWith(",untargeted,"), csv.get(2));
    for (int e = 0; e < EPSILONS.size(); e++) {
      Metrics m = result.worstCase().get(e).metrics();
      assertEquals("worst-case,," + EPSILONS.get(e) + "," + USED + "," + m.accuracy() + ",,"
          + m.undetectableError() + "," + m.successRate() + "," + m.rejectionRate() + "," + m.reliability()
              + ",,untargeted,",
          csv.get(2 + 2 * EPSILONS.size() + e));
    }

    BufferedImage chart = ImageIO.read(folder.resolve("out/robust-accuracy.png").toFile());
    assertEquals(800, chart.getWidth());
    BufferedImage grid = ImageIO.read(folder.resolve("out/examples.png").toFile());
    int cell = 2 * ExampleGrid.SCALE + 2 * ExampleGrid.BORDER;
    assertEquals(3 * cell, grid.getWidth());
    assertEquals(ExampleGrid.HEADER + result.examples().size() * cell, grid.getHeight());
  }

  @Test
  void refusesMismatchedDecoderOrData() {
    Evaluator evaluator = new Evaluator(null);
    Split colour = Split.inMemory("test", new ImageShape(3, 2, 2), 2, new float[12], new int[1]);
    IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
        () -> evaluator.evaluate(new LinearNetwork(false), new MarginDecoder(TAU), colour,
            plan(List.of("fgsm"), 8)));
    assertTrue(shape.getMessage().contains("3x2x2"), shape.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> new EvaluationPlan(List.of(), EPSILONS, new LinearMargin(), Norm.LINF, 5, Double.NaN,
            Goal.UNTARGETED, 10, 8, 1, 2));
    assertThrows(IllegalArgumentException.class,
        () -> plan(List.of("fgsm"), 0));
  }

  @Test
  void aBatchLargerThanTheSamplesIsCappedAtThem() {
    LinearNetwork network = new LinearNetwork(false);
    EvaluationResult capped = new Evaluator(null)
        .evaluate(network, new MarginDecoder(TAU), split, plan(List.of("fgsm"), 1_000_000));
    assertEquals(USED, network.oracleBatch());
    EvaluationResult exact = new Evaluator(null)
        .evaluate(new LinearNetwork(false), new MarginDecoder(TAU), split,
            plan(List.of("fgsm"), USED));
    assertEquals(exact.attacks(), capped.attacks());
    assertEquals(exact.clean(), capped.clean());
  }

  @Test
  void theBatchUsedIsTheSmallestOfBatchSamplesAndImages() {
    EvaluationPlan plan = plan(List.of("fgsm"), 20);
    assertEquals(20, plan.batchSizeFor(COUNT));
    assertEquals(12, plan.batchSizeFor(12));
    assertEquals(USED, plan(List.of("fgsm"), 1000).batchSizeFor(COUNT));
    assertEquals(1, plan.batchSizeFor(0));
    assertThrows(IllegalArgumentException.class, () -> plan.batchSizeFor(-1));
  }

  @Test
  void paperStepsFollowTheDataset() {
    assertEquals(40, DatasetDefaults.of("fashion-mnist", 1).steps());
    assertEquals(10, DatasetDefaults.of("cifar10", 3).steps());
    assertEquals(List.of(0.05, 0.1), DatasetDefaults.of("mnist", 1).epsilons());
    assertEquals(8 / 255.0, DatasetDefaults.of("cifar10", 3).epsilons().get(1), 1e-15);
    assertEquals(DatasetDefaults.of("cifar10", 3), DatasetDefaults.of("svhn", 3));
    assertEquals(DatasetDefaults.of("mnist", 1), DatasetDefaults.of("kmnist", 1));
  }

  private EvaluationPlan plan(List<String> attacks, int batch) {
    List<AttackRun> runs = attacks.stream()
        .map(name -> AttackRun.of(Plugins.find(Attack.class, name),
            name.equals("square") ? Map.of("queries", "200", "p-init", "0.5") : Map.of()))
        .toList();
    return new EvaluationPlan(runs, EPSILONS, new LinearMargin(), Norm.LINF, 5, Double.NaN,
        Goal.UNTARGETED, USED, batch, 11, 6);
  }
}
