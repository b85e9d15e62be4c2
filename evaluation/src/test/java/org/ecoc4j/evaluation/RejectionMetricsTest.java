package org.ecoc4j.evaluation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.Split;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The rejection metrics: every sample is right, rejected or an undetectable error, so the three
 * fractions sum to 1; reliability is right / (right + undetectable); first-choice accuracy counts
 * the first choices among the class codewords and is undefined once one is missing.
 */
class RejectionMetricsTest {

  static LongStream seeds() {
    return LongStream.range(1, 21);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void theFractionsPartitionTheSamplesAndReliabilityIsRightOverAccepted(long seed) {
    Random random = new Random(seed);
    int samples = 1 + random.nextInt(300);
    int classes = 2 + random.nextInt(9);
    double rejectShare = random.nextDouble();
    Tally tally = new Tally();
    long right = 0;
    long rejected = 0;
    long firstRight = 0;
    for (int i = 0; i < samples; i++) {
      int label = random.nextInt(classes);
      Outcome outcome = random.nextDouble() < rejectShare ? Outcome.REJECTED
          : random.nextBoolean() ? Outcome.RIGHT : Outcome.WRONG;
      right += outcome == Outcome.RIGHT ? 1 : 0;
      rejected += outcome == Outcome.REJECTED ? 1 : 0;
      tally.add(outcome, false);
      int first = outcome == Outcome.RIGHT ? label : random.nextInt(classes);
      firstRight += first == label ? 1 : 0;
      tally.addFirstChoice(first, label);
    }
    Metrics m = tally.metrics();
    long undetectable = samples - right - rejected;
    String at = "seed " + seed + ": " + m;
    assertEquals(samples, m.samples(), at);
    assertEquals(1.0, m.accuracy() + m.undetectableError() + m.rejectionRate(), 1e-12, at);
    assertEquals(right / (double) samples, m.accuracy(), 1e-12, at);
    assertEquals(undetectable / (double) samples, m.undetectableError(), 1e-12, at);
    assertEquals(firstRight / (double) samples, m.firstChoiceAccuracy(), 1e-12, at);
    assertTrue(m.firstChoiceAccuracy() >= m.accuracy(), at);
    if (right + undetectable == 0) {
      assertTrue(Double.isNaN(m.reliability()), at);
    } else {
      assertEquals(right / (double) (right + undetectable), m.reliability(), 1e-12, at);
      assertEquals(m.accuracy() / (m.accuracy() + m.undetectableError()), m.reliability(), 1e-12,
          at);
      assertEquals(m.accuracy(), m.reliability() * (1 - m.rejectionRate()), 1e-12, at);
    }
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void reliabilityIsUndefinedWhenEverySampleIsRejected(long seed) {
    int samples = 1 + new Random(seed).nextInt(50);
    Tally tally = new Tally();
    for (int i = 0; i < samples; i++) {
      tally.add(Outcome.REJECTED, false);
      tally.addFirstChoice(Tally.NO_FIRST_CHOICE, 0);
    }
    Metrics m = tally.metrics();
    assertTrue(Double.isNaN(m.reliability()), m.toString());
    assertTrue(Double.isNaN(m.firstChoiceAccuracy()), "no first choice was given: " + m);
    assertEquals(0.0, m.accuracy());
    assertEquals(0.0, m.undetectableError());
    assertEquals(1.0, m.rejectionRate());
  }

  @Test
  void oneMissingFirstChoiceOrNoneRecordedLeavesItUndefined() {
    Tally some = new Tally();
    some.add(Outcome.RIGHT, false);
    some.addFirstChoice(0, 0);
    some.add(Outcome.REJECTED, false);
    some.addFirstChoice(Tally.NO_FIRST_CHOICE, 1);
    assertTrue(Double.isNaN(some.metrics().firstChoiceAccuracy()));
    Tally none = new Tally();
    none.add(Outcome.RIGHT, true);
    assertTrue(Double.isNaN(none.metrics().firstChoiceAccuracy()));
  }

  /**
   * On the linear two-class network the deployed decoder rejects margins below tau; the first
   * choice (the same rule with tau 0) is the sign of the margin: both follow in closed form.
   */
  @ParameterizedTest
  @MethodSource("seeds")
  void theEvaluatorReadsTheFirstChoiceFromTheFirstChoiceRule(long seed) {
    Random random = new Random(seed);
    int count = 30 + random.nextInt(40);
    float[] images = new float[count * 4];
    int[] labels = new int[count];
    for (int i = 0; i < images.length; i++) {
      images[i] = random.nextFloat();
    }
    for (int b = 0; b < count; b++) {
      labels[b] = random.nextInt(2);
    }
    Split split = Split.inMemory("test", new ImageShape(1, 2, 2), 2, images, labels);
    float tau = 0.3f * random.nextFloat();
    EvaluationPlan plan = new EvaluationPlan(
        List.of(AttackRun.of(Plugins.find(Attack.class, "fgsm"), Map.of())), List.of(0.05),
        new LinearMargin(), Norm.LINF, 1, Double.NaN, Goal.UNTARGETED, count, 16, seed, 0);
    Metrics clean = new Evaluator(null).evaluate(new LinearNetwork(false), new MarginDecoder(tau),
        new MarginDecoder(0f), split, plan).clean();
    long right = IntStream.range(0, count)
        .filter(b -> LinearNetwork.margin(images, b * 4, labels[b]) >= tau).count();
    long rejected = IntStream.range(0, count)
        .filter(b -> Math.abs(LinearNetwork.margin(images, b * 4, labels[b])) < tau).count();
    long firstRight = IntStream.range(0, count)
        .filter(b -> LinearNetwork.margin(images, b * 4, labels[b]) > 0).count();
    String at = "seed " + seed + ", tau " + tau + ": " + clean;
    assertEquals(right / (double) count, clean.accuracy(), 1e-12, at);
    assertEquals(rejected / (double) count, clean.rejectionRate(), 1e-12, at);
    assertEquals((count - right - rejected) / (double) count, clean.undetectableError(), 1e-12,
        at);
    assertEquals(firstRight / (double) count, clean.firstChoiceAccuracy(), 1e-12, at);

    Metrics deployedOnly = new Evaluator(null).evaluate(new LinearNetwork(false),
        new MarginDecoder(tau), split, plan).clean();
    assertEquals(rejected > 0, Double.isNaN(deployedOnly.firstChoiceAccuracy()),
        "without a first-choice rule, rejections leave it undefined: " + deployedOnly);
  }
}
