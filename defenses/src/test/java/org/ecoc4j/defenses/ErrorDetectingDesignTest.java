package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.LinearBlockCode;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What {@code error-detecting} designs: the paper's (10, 4) CRC7 code and the zadeh decoder over
 * the full codespace by default, other CRCs and codes by option, and the errors for a decoder that
 * cannot decode the code, a threshold Delta outside [0, 1] and a code too short for the classes.
 */
class ErrorDetectingDesignTest {

  private static PreparedDefense prepare(int classes, Map<String, String> options) {
    return Plugins.find(Defense.class, "error-detecting")
        .prepare(classes, 7, options, Plugins::find);
  }

  @Test
  void defaultsAreOneNetworkOnTheTenFourCrc7CodeWithTheZadehDecisionOverTheFullSpace() {
    PreparedDefense d = prepare(10, Map.of());
    assertEquals(1, d.members());
    assertEquals(10, d.outputsPerMember(), "n = k + deg g = 4 + 6");
    Codebook book = d.codebooks().get(0);
    LinearBlockCode code = book.linearCode().orElseThrow();
    assertEquals(10, code.n());
    assertEquals(4, code.k());
    assertEquals("crc", d.codebookOrigin().orElseThrow().generator());
    assertEquals("CRC7", d.codebookOrigin().orElseThrow().options().getString("polynomial"));
    assertEquals("zadeh", d.decoder());
    assertEquals("full", d.decoderOptions().get("space"));
    assertEquals("0.0", d.decoderOptions().get("threshold"));
    assertEquals("zadeh", d.options().get("loss"));
    assertEquals(LossSpec.Kind.TANH_SQUARED_ERROR, d.loss().kind());
    assertTrue(d.loss().termLoss().isPresent());
    assertEquals("margin", d.adaptiveObjective());
    assertEquals("10", d.options().get("code-length"));
    assertTrue(d.derivedOptions().contains("code-length"));
    for (int c = 0; c < 10; c++) {
      int[] digits = new int[10];
      for (int j = 0; j < 10; j++) {
        digits[j] = book.bit(c, j) > 0 ? 1 : 0;
      }
      assertTrue(code.isCodeword(digits), "class " + c + " owns a codeword of the code");
    }
  }

  @Test
  void anotherCrcAndTheThresholdArePassedOn() {
    PreparedDefense crc3 =
        prepare(10, Map.of("code.polynomial", "CRC3", "threshold", "0.8", "loss", "bce"));
    assertEquals(10, crc3.outputsPerMember());
    assertEquals("CRC3", crc3.codebookOrigin().orElseThrow().options().getString("polynomial"));
    assertEquals("0.8", crc3.decoderOptions().get("threshold"));
    assertEquals("bce", crc3.options().get("loss"));
    PreparedDefense longer = prepare(10, Map.of("code-length", "12"));
    assertEquals(12, longer.outputsPerMember());
    assertEquals(6, longer.codebooks().get(0).linearCode().orElseThrow().k());
    PreparedDefense overridden = prepare(10, Map.of("decoder.threshold", "0.6"));
    assertEquals("0.6", overridden.decoderOptions().get("threshold"), "decoder.NAME wins");
  }

  @Test
  void thePapersHadamardBaselineHasFifteenBitsAndTheEuclidDecision() {
    PreparedDefense d =
        prepare(10, Map.of("code", "hadamard", "code.drop-constant-column", "true",
            "decoder", "euclidean", "loss", "mse"));
    assertEquals(15, d.outputsPerMember());
    assertEquals("euclidean", d.decoder());
    assertEquals(8, d.codebooks().get(0).minHammingDistance());
    assertTrue(d.codebooks().get(0).linearCode().isEmpty());
    assertEquals("true",
        d.codebookOrigin().orElseThrow().options().asText().get("drop-constant-column"));
    assertTrue(!d.decoderOptions().containsKey("threshold"),
        "euclidean has no threshold: " + d.decoderOptions());
  }

  @Test
  void thePapersCrc7SoftmaxBaselineDecodesByCorrelationSoftmax() {
    PreparedDefense d =
        prepare(10, Map.of("loss", "softmax", "decoder", "correlation-softmax"));
    assertEquals(10, d.outputsPerMember());
    assertEquals("correlation-softmax", d.decoder());
    assertEquals("softmax", d.options().get("loss"));
    assertTrue(!d.decoderOptions().containsKey("threshold"), d.decoderOptions().toString());
  }

  @Test
  void aDecoderThatCannotDecodeTheCodeIsAnErrorNamingBoth() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class,
            () -> prepare(10, Map.of("code", "random-binary", "code-length", "16",
                "decoder.syndrome", "required")));
    assertEquals("decoder", e.option());
    assertTrue(e.getMessage().contains("zadeh") && e.getMessage().contains("random-binary"),
        e.getMessage());
    InvalidOptionException syndrome =
        assertThrows(InvalidOptionException.class,
            () -> prepare(10, Map.of("code", "hadamard", "decoder.threshold-on", "syndrome")));
    assertEquals("decoder", syndrome.option());
    assertTrue(syndrome.getMessage().contains("zadeh")
        && syndrome.getMessage().contains("hadamard"), syndrome.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-0.1", "1.5", "1.0001"})
  void aThresholdOutsideZeroOneIsAnError(String delta) {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> prepare(10, Map.of("threshold", delta)));
    assertEquals("threshold", e.option());
    assertTrue(e.getMessage().contains("[0, 1]"), e.getMessage());
    InvalidOptionException nested =
        assertThrows(InvalidOptionException.class,
            () -> prepare(10, Map.of("decoder.threshold", delta)));
    assertEquals("decoder.threshold", nested.option());
  }

  @Test
  void aThresholdForADecoderWithoutOneIsAnError() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class,
            () -> prepare(10, Map.of("decoder", "euclidean", "threshold", "0.7")));
    assertEquals("threshold", e.option());
    assertTrue(e.getMessage().contains("euclidean"), e.getMessage());
  }

  @Test
  void aCodeTooShortForTheClassesIsAnErrorNamingCodeAndClasses() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> prepare(10, Map.of("code-length", "9")));
    assertEquals("code", e.option());
    assertTrue(e.getMessage().contains("crc") && e.getMessage().contains("10 classes"),
        e.getMessage());
    assertTrue(e.getMessage().contains("k = 3"), "CRC7 has degree 6: 3 data bits: "
        + e.getMessage());
  }

  @Test
  void anUnknownLossIsAnError() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> prepare(10, Map.of("loss", "hinge")));
    assertEquals("loss", e.option());
  }
}
