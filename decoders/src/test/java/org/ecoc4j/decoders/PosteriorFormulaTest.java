package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The softmax decoders' posteriors against their definitions, written out independently. */
class PosteriorFormulaTest {

  /**
   * The fewest and the most classes and bits at the lowest and the highest temperature, with and
   * without tanh, then 100 cases whose settings are drawn from their seed, which then draws the
   * codebook and the outputs.
   */
  static Stream<Arguments> euclideanSettings() {
    Stream<Arguments> edges = Stream.of(false, true).flatMap(tanh -> Stream.of(
        Arguments.of(0L, 2, 1, tanh, 0.2), Arguments.of(-1L, 30, 70, tanh, 5.0)));
    Stream<Arguments> drawn = LongStream.range(0, 100).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 31), random.nextInt(1, 71), random.nextBoolean(),
          random.nextDouble(0.2, 5));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} extraBits={2} tanh={3} temperature={4}")
  @MethodSource("euclideanSettings")
  void euclideanPosteriorIsSoftmaxOfHalfSquaredDistances(
      long seed, int classes, int extraBits, boolean tanh, double temperature) {
    Random random = new Random(seed);
    int length = Fixtures.bitsFor(classes) + extraBits;
    Codebook book = Fixtures.randomCodebook(random, classes, length);
    float[] outputs = Fixtures.gaussian(random, length, 1.5);
    double[] logits = new double[classes];
    for (int c = 0; c < classes; c++) {
      double squared = 0;
      for (int j = 0; j < length; j++) {
        double t = tanh ? Math.tanh(outputs[j]) : outputs[j];
        squared += (book.bit(c, j) - t) * (book.bit(c, j) - t);
      }
      logits[c] = -squared / (2 * temperature);
    }
    Map<String, String> options =
        Map.of("tanh", "" + tanh, "temperature", "" + temperature);

    assertMatchesSoftmax(Fixtures.prepare("euclidean", List.of(book), options), outputs, logits);
  }

  /**
   * The fewest and the most classes and bits at the lowest and the highest temperature, then 100
   * cases whose settings are drawn from their seed, which then draws the codebook and the outputs.
   */
  static Stream<Arguments> correlationSettings() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2, 1, 0.2), Arguments.of(-1L, 30, 70, 5.0),
        Arguments.of(Long.MIN_VALUE, 2, 1, 5.0), Arguments.of(Long.MAX_VALUE, 30, 70, 0.2));
    Stream<Arguments> drawn = LongStream.range(0, 100).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(
          seed, random.nextInt(2, 31), random.nextInt(1, 71), random.nextDouble(0.2, 5));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} extraBits={2} temperature={3}")
  @MethodSource("correlationSettings")
  void correlationSoftmaxPosteriorIsSoftmaxOfCorrelations(
      long seed, int classes, int extraBits, double temperature) {
    Random random = new Random(seed);
    int length = Fixtures.bitsFor(classes) + extraBits;
    Codebook book = Fixtures.randomCodebook(random, classes, length);
    float[] outputs = Fixtures.gaussian(random, length, 0.7);
    double[] logits = new double[classes];
    for (int c = 0; c < classes; c++) {
      for (int j = 0; j < length; j++) {
        logits[c] += book.bit(c, j) * (double) outputs[j] / temperature;
      }
    }
    PreparedDecoder decoder =
        Fixtures.prepare(
            "correlation-softmax", List.of(book), Map.of("temperature", "" + temperature));

    assertMatchesSoftmax(decoder, outputs, logits);
  }

  @Test
  void tanhBoundsTheInfluenceOfOneLargeOutput() {
    Codebook book = Codebook.of(new int[][] {{1, -1, -1, -1}, {-1, 1, 1, 1}});
    float[] outputs = {10f, 0.8f, 0.8f, 0.8f};
    Decisions squashed = Decisions.withCapacity(1);
    Decisions raw = Decisions.withCapacity(1);

    Fixtures.prepare("euclidean", List.of(book), Map.of()).decode(outputs, squashed);
    Fixtures.prepare("euclidean", List.of(book), Map.of("tanh", "false")).decode(outputs, raw);

    assertEquals(1, squashed.label(0), "tanh(10) counts no more than one bit");
    assertEquals(0, raw.label(0), "the raw output 10 outweighs three of 0.8");
  }

  private static void assertMatchesSoftmax(
      PreparedDecoder decoder, float[] outputs, double[] logits) {
    int classes = logits.length;
    double max = Double.NEGATIVE_INFINITY;
    int best = 0;
    for (int c = 0; c < classes; c++) {
      if (logits[c] > max) {
        max = logits[c];
        best = c;
      }
    }
    double total = 0;
    for (double logit : logits) {
      total += Math.exp(logit - max);
    }
    float[] posteriors = new float[classes];
    Decisions decisions = Decisions.withCapacity(1);

    decoder.posteriors(outputs, 0, 1, posteriors);
    decoder.decode(outputs, decisions);

    for (int c = 0; c < classes; c++) {
      assertEquals(Math.exp(logits[c] - max) / total, posteriors[c], 1e-5, "class " + c);
    }
    assertEquals(best, decisions.label(0));
    assertEquals(1 / total, decisions.confidence(0), 1e-5);
  }
}
