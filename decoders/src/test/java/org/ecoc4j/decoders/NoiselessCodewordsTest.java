package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class NoiselessCodewordsTest {

  /**
   * Each setup at the fewest classes, bits, members and samples and at the most, then 200 cases
   * whose settings are drawn from their seed, which then draws the codebooks and labels.
   */
  static Stream<Arguments> setups() {
    List<DecoderSetup> setups = DecoderSetup.exactOnCodewords();
    Stream<Arguments> edges = setups.stream().flatMap(setup -> Stream.of(
        Arguments.of(0L, setup, 2, 0, 1, 1), Arguments.of(-1L, setup, 40, 80, 4, 6)));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, setups.get(random.nextInt(setups.size())), random.nextInt(2, 41),
          random.nextInt(0, 81), random.nextInt(1, 5), random.nextInt(1, 7));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(
      name = "seed={0} setup={1} classes={2} extraBits={3} members={4} batch={5}")
  @MethodSource("setups")
  void scaledCodewordsDecodeToTheirClass(
      long seed, DecoderSetup setup, int classes, int extraBits, int members, int batch) {
    Random random = new Random(seed);
    int length = Fixtures.bitsFor(classes) + extraBits;
    List<Codebook> books = Fixtures.randomMembers(random, members, classes, length);
    int[] labels = random.ints(batch, 0, classes).toArray();
    float[] outputs = Fixtures.scaledCodewords(books, labels, 3f);
    PreparedDecoder decoder = setup.prepare(books);
    Decisions decisions = Decisions.withCapacity(batch + 2);

    decoder.decode(outputs, decisions);

    assertEquals(batch, decisions.size());
    assertArrayEquals(labels, decisions.labels());
    float[] posteriors = new float[batch * classes];
    decoder.posteriors(outputs, 0, batch, posteriors);
    for (int b = 0; b < batch; b++) {
      assertFalse(decisions.rejected(b));
      assertEquals(Rejection.NONE, decisions.rejection(b));
      float confidence = decisions.confidence(b);
      assertTrue(confidence > 0f && confidence <= 1f, "confidence " + confidence);
      float sum = 0f;
      int best = 0;
      for (int c = 0; c < classes; c++) {
        float p = posteriors[b * classes + c];
        assertTrue(p >= 0f, "posterior " + p);
        sum += p;
        if (p > posteriors[b * classes + best]) {
          best = c;
        }
      }
      assertEquals(1f, sum, 1e-4f);
      assertEquals(labels[b], best, "posterior argmax");
    }
    decoder.decode(outputs, decoder.outputWidth(), batch - 1, decisions);
    assertArrayEquals(Arrays.copyOfRange(labels, 1, batch), decisions.labels(), "from offset");
  }
}
