package org.ecoc4j.decoders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class BadInputTest {

  private static final Codebook BOOK = Fixtures.randomCodebook(new Random(1), 5, 7);
  private static final List<Codebook> PAIR = List.of(BOOK, BOOK);

  @ParameterizedTest
  @ValueSource(strings = {"euclidean", "bit-threshold", "zadeh", "correlation-softmax",
      "cosine-softmax"})
  void nonFiniteOutputsNameTheSample(String name) {
    PreparedDecoder decoder = Fixtures.prepare(name, PAIR, Map.of());
    float[] outputs = new float[3 * 14];
    outputs[14 + 7 + 2] = Float.NaN;
    Decisions decisions = Decisions.withCapacity(3);

    IllegalArgumentException decode =
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(outputs, decisions));
    IllegalArgumentException posteriors =
        assertThrows(
            IllegalArgumentException.class,
            () -> decoder.posteriors(outputs, 0, 3, new float[15]));
    outputs[14 + 7 + 2] = Float.POSITIVE_INFINITY;
    IllegalArgumentException infinite =
        assertThrows(IllegalArgumentException.class, () -> decoder.decode(outputs, decisions));

    for (IllegalArgumentException e : List.of(decode, posteriors, infinite)) {
      assertTrue(e.getMessage().contains("sample 1 (member 1, bit 2"), e.getMessage());
    }
    assertTrue(decode.getMessage().contains("NaN"), decode.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"euclidean", "bit-threshold", "zadeh", "correlation-softmax",
      "cosine-softmax"})
  void wrongLengthsAndOversizedBatchesAreRefused(String name) {
    PreparedDecoder decoder = Fixtures.prepare(name, PAIR, Map.of());
    Decisions decisions = Decisions.withCapacity(2);

    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> decoder.decode(new float[15], decisions))
            .getMessage()
            .contains("not a multiple of 14"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> decoder.decode(new float[28], 1, 2, decisions))
            .getMessage()
            .contains("need 29 floats, the array holds 28"));
    assertThrows(
        IllegalArgumentException.class, () -> decoder.decode(new float[28], -1, 1, decisions));
    assertThrows(
        IllegalArgumentException.class, () -> decoder.decode(new float[28], 0, -1, decisions));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class, () -> decoder.decode(new float[42], decisions))
            .getMessage()
            .contains("batch of 3 samples does not fit decisions of capacity 2"));
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> decoder.posteriors(new float[28], 0, 2, new float[9]))
            .getMessage()
            .contains("need 10 floats"));
    assertThrows(
        IllegalArgumentException.class,
        () -> decoder.posteriors(new float[14], 0, 2, new float[10]));
    assertEquals(14, decoder.outputWidth());
    assertEquals(5, decoder.classes());
    assertEquals(2, decoder.members());
    assertEquals(7, decoder.codeLength());
  }

  @ParameterizedTest
  @ValueSource(strings = {"euclidean", "bit-threshold", "zadeh", "correlation-softmax",
      "cosine-softmax"})
  void mismatchedOrMissingCodebooksAreRefused(String name) {
    Codebook fewerClasses = Fixtures.randomCodebook(new Random(2), 4, 7);
    Codebook longer = Fixtures.randomCodebook(new Random(3), 5, 8);

    String classes =
        assertThrows(
                IllegalArgumentException.class,
                () -> Fixtures.prepare(name, List.of(BOOK, BOOK, fewerClasses), Map.of()))
            .getMessage();
    String length =
        assertThrows(
                IllegalArgumentException.class,
                () -> Fixtures.prepare(name, List.of(BOOK, longer), Map.of()))
            .getMessage();

    assertTrue(classes.contains("member 2 has 4 classes x 7 bits"), classes);
    assertTrue(length.contains("member 1 has 5 classes x 8 bits"), length);
    assertThrows(
        IllegalArgumentException.class, () -> Fixtures.prepare(name, List.of(), Map.of()));
  }

  @ParameterizedTest
  @CsvSource({
    "euclidean, colour, red, unknown option 'colour'; valid options: tanh, temperature, combine",
    "euclidean, tanh, yes, expects true or false",
    "euclidean, temperature, 0, must be greater than 0",
    "euclidean, temperature, -2, must be greater than 0",
    "correlation-softmax, temperature, NaN, expects a finite number",
    "correlation-softmax, tanh, true, unknown option 'tanh'",
    "bit-threshold, max-errors, -2, must be -1 (never reject) or at least 0",
    "bit-threshold, max-errors, 1.5, expects an integer",
    "zadeh, threshold, 1.5, must be in [0, 1]",
    "zadeh, threshold, -0.1, must be in [0, 1]",
    "zadeh, normalization, l2, must be one of sigmoid, linear, vector",
    "zadeh, space, some, must be one of full, classes",
    "zadeh, combine, sum, must be one of map, vote"
  })
  void unknownAndMalformedOptionsNameTheOption(
      String name, String option, String value, String message) {
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class,
            () -> Fixtures.prepare(name, List.of(BOOK), Map.of(option, value)));

    assertEquals(option, e.option());
    assertTrue(e.getMessage().contains(message), e.getMessage());
  }
}
