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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Nearest-codeword decoders correct any error of fewer than d_min / 2 flipped bits. */
class ErrorCorrectionTest {

  /**
   * Both decoders at the four corners of classes and length, then 150 cases whose settings are
   * drawn from their seed, which then draws the codebook, the label and the flips.
   */
  static Stream<Arguments> corrections() {
    Stream<Arguments> edges = Stream.of(0, 1).flatMap(decoder -> Stream.of(
        Arguments.of(0L, 2, 8, decoder), Arguments.of(-1L, 12, 8, decoder),
        Arguments.of(Long.MIN_VALUE, 2, 90, decoder),
        Arguments.of(Long.MAX_VALUE, 12, 90, decoder)));
    Stream<Arguments> drawn = LongStream.range(0, 150).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 13), random.nextInt(8, 91), random.nextInt(0, 2));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} length={2} decoderChoice={3}")
  @MethodSource("corrections")
  void fewerThanHalfTheMinimumDistanceFlippedKeepsTheClass(
      long seed, int classes, int length, int decoderChoice) {
    Random random = new Random(seed);
    Codebook book = Fixtures.randomCodebook(random, classes, length);
    int correctable = (book.minHammingDistance() - 1) / 2;
    String name = decoderChoice == 0 ? "euclidean" : "bit-threshold";
    PreparedDecoder decoder = Fixtures.prepare(name, List.of(book), Map.of());
    int label = random.nextInt(classes);
    float[] outputs = Fixtures.scaledCodewords(List.of(book), new int[] {label}, 2f);
    int flips = random.nextInt(correctable + 1);
    for (int j : random.ints(0, length).distinct().limit(flips).toArray()) {
      outputs[j] = -outputs[j] * (0.5f + random.nextFloat());
    }
    Decisions decisions = Decisions.withCapacity(1);

    decoder.decode(outputs, decisions);

    assertEquals(label, decisions.label(0), name + " with " + flips + " flips, " + book);
  }

  /**
   * The four corners of classes and length, then 50 cases whose sizes are drawn from their seed,
   * which then draws the codebook, the label and the flips.
   */
  static Stream<Arguments> thresholds() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2, 20), Arguments.of(-1L, 10, 20),
        Arguments.of(Long.MIN_VALUE, 2, 70), Arguments.of(Long.MAX_VALUE, 10, 70));
    Stream<Arguments> drawn = LongStream.range(0, 50).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 11), random.nextInt(20, 71));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} length={2}")
  @MethodSource("thresholds")
  void bitThresholdConfidenceCountsTheFlippedBits(long seed, int classes, int length) {
    Random random = new Random(seed);
    Codebook book = Fixtures.randomCodebook(random, classes, length);
    int correctable = (book.minHammingDistance() - 1) / 2;
    PreparedDecoder decoder =
        Fixtures.prepare("bit-threshold", List.of(book), Map.of("max-errors", "" + correctable));
    int label = random.nextInt(classes);
    float[] outputs = Fixtures.scaledCodewords(List.of(book), new int[] {label}, 1f);
    int flips = random.nextInt(correctable + 1);
    for (int j : random.ints(0, length).distinct().limit(flips).toArray()) {
      outputs[j] = -outputs[j];
    }
    Decisions decisions = Decisions.withCapacity(1);

    decoder.decode(outputs, decisions);

    assertEquals(label, decisions.label(0));
    assertEquals(1f - (float) flips / length, decisions.confidence(0), 1e-6f);
  }
}
