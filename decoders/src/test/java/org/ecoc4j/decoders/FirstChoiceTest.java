package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The first-choice rule of a rejecting decoder ({@code Decoder.firstChoiceOptions}) never rejects,
 * and wherever the deployed rule accepts a sample it picks the same class: the deployed rule only
 * adds rejections to the decision among the class codewords.
 */
class FirstChoiceTest {

  private static final int SAMPLES = 200;

  /** Seeded noisy CRC7 outputs, for zadeh (full space, a threshold) and bit-threshold. */
  static Stream<Arguments> cases() {
    return LongStream.range(0, 8).boxed().flatMap(seed -> Stream.of(
        Arguments.of(seed, "zadeh", Map.of()),
        Arguments.of(seed, "zadeh", Map.of("threshold", "0.7")),
        Arguments.of(seed, "zadeh", Map.of("threshold", "0.3", "threshold-on", "syndrome")),
        Arguments.of(seed, "bit-threshold", Map.of("max-errors", "0"))));
  }

  @ParameterizedTest(name = "seed={0} {1} {2}")
  @MethodSource("cases")
  void theFirstChoiceNeverRejectsAndAgreesWhereTheDeployedRuleAccepts(
      long seed, String name, Map<String, String> deployed) {
    Random random = new Random(seed);
    Codebook book = Fixtures.crc7Codebook();
    List<Codebook> members = List.of(book);
    int[] labels = random.ints(SAMPLES, 0, book.classes()).toArray();
    float[] outputs = Fixtures.scaledCodewords(members, labels, 2f);
    float[] noise = Fixtures.gaussian(random, outputs.length, 2.5);
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] += noise[i];
    }
    PreparedDecoder rule = Fixtures.prepare(name, members, deployed);
    PreparedDecoder first = Fixtures.prepare(
        name, members, Fixtures.decoder(name).firstChoiceOptions(deployed));
    Decisions decided = Decisions.withCapacity(SAMPLES);
    Decisions chosen = Decisions.withCapacity(SAMPLES);
    rule.decode(outputs, decided);
    first.decode(outputs, chosen);
    int rejected = 0;
    for (int b = 0; b < SAMPLES; b++) {
      assertFalse(chosen.rejected(b), "sample " + b);
      if (decided.rejected(b)) {
        rejected++;
      } else {
        assertEquals(decided.label(b), chosen.label(b), "sample " + b);
      }
    }
    assertTrue(rejected > 0, "the noise should make the deployed rule reject some samples");
  }
}
