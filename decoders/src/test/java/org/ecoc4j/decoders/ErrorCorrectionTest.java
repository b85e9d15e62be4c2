package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;

/** Nearest-codeword decoders correct any error of fewer than d_min / 2 flipped bits. */
class ErrorCorrectionTest {

  @Property(tries = 150)
  void fewerThanHalfTheMinimumDistanceFlippedKeepsTheClass(
      @ForAll @IntRange(min = 2, max = 12) int classes,
      @ForAll @IntRange(min = 8, max = 90) int length,
      @ForAll @IntRange(min = 0, max = 1) int decoderChoice,
      @ForAll long seed) {
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

  @Property(tries = 50)
  void bitThresholdConfidenceCountsTheFlippedBits(
      @ForAll @IntRange(min = 2, max = 10) int classes,
      @ForAll @IntRange(min = 20, max = 70) int length,
      @ForAll long seed) {
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
