package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.decoding.Rejection;

class NoiselessCodewordsTest {

  @Provide
  Arbitrary<DecoderSetup> setups() {
    return Arbitraries.of(DecoderSetup.exactOnCodewords());
  }

  @Property(tries = 200)
  void scaledCodewordsDecodeToTheirClass(
      @ForAll("setups") DecoderSetup setup,
      @ForAll @IntRange(min = 2, max = 40) int classes,
      @ForAll @IntRange(min = 0, max = 80) int extraBits,
      @ForAll @IntRange(min = 1, max = 4) int members,
      @ForAll @IntRange(min = 1, max = 6) int batch,
      @ForAll long seed) {
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
