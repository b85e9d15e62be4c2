package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.Decisions;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.training.DataView;
import org.ecoc4j.api.training.TrainingStage;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** What each defense designs: members, widths, codebooks, losses, decoders; bad options. */
class DefenseDesignTest {

  private static PreparedDefense prepare(String name, int classes, long seed, Map<String, String> options) {
    return Plugins.find(Defense.class, name).prepare(classes, seed, options, Plugins::find);
  }

  @Test
  void randomBinaryEnsembleDefaultsToThreeMembersOfDistinctLength64Codebooks() {
    PreparedDefense d = prepare("random-binary-ensemble", 10, 7, Map.of());
    assertEquals(3, d.members());
    assertEquals(64, d.outputsPerMember());
    List<Codebook> books = d.codebooks();
    assertEquals(3, books.size());
    for (int a = 0; a < 3; a++) {
      assertEquals(10, books.get(a).classes());
      assertTrue(books.get(a).minHammingDistance() >= 4, "Hmin = ceil(log2 10)");
      for (int b = a + 1; b < 3; b++) {
        assertNotEquals(books.get(a), books.get(b), "MRBC members " + a + " and " + b);
      }
    }
    assertEquals(LossSpec.Kind.TANH_SQUARED_ERROR, d.loss().kind());
    assertTrue(d.loss().termLoss().isPresent());
    assertEquals("margin", d.adaptiveObjective());
    assertEquals("independent", d.options().get("codebooks"));
    assertEquals("16.0", d.decoderOptions().get("temperature"), "T = K / 4 by default");
    assertEquals(
        "2.5",
        prepare("random-binary-ensemble", 10, 7, Map.of("temperature", "2.5"))
            .decoderOptions().get("temperature"));
  }

  @Test
  void everyDefenseTrainsInOneStageWithItsLossAndTheRunsSettings() {
    TrainingConfig config = TrainingConfig.adamW(3, 32, 9);
    for (String name :
        List.of("random-binary-ensemble", "random-target", "one-hot", "adp", "error-detecting")) {
      PreparedDefense d = prepare(name, 10, 7, Map.of());
      assertEquals(
          List.of(new TrainingStage("train", d.loss(), List.of(DataView.dataset()), config,
              TrainingStage.Start.SCRATCH)),
          d.stages(config), name);
    }
  }

  @Test
  void derivedDefaultsAreRecordedWithTheValuesInEffect() {
    PreparedDefense d = prepare("random-binary-ensemble", 10, 7, Map.of("code-length", "32"));
    assertEquals("8.0", d.options().get("temperature"), "T = K / 4");
    assertEquals(List.of("temperature"), d.derivedOptions());
    assertEquals("3", d.options().get("members"), "declared defaults are recorded too");
    CodebookOrigin origin = d.codebookOrigin().orElseThrow();
    assertEquals("random-binary", origin.generator());
    assertEquals(List.of("min-distance", "max-distance"), origin.options().derived());
    assertEquals(4, origin.options().getInt("min-distance"), "ceil(log2 10)");
    assertEquals(32, origin.options().getInt("max-distance"), "K");
    assertEquals(3, origin.spec().members());
    for (Codebook book : d.codebooks()) {
      assertTrue(book.minHammingDistance() >= origin.options().getInt("min-distance"));
    }

    PreparedDefense given = prepare("random-binary-ensemble", 10, 7, Map.of("temperature", "2"));
    assertEquals("2.0", given.options().get("temperature"));
    assertEquals(List.of("code-length"), given.derivedOptions(), "the generator's length");
    assertEquals("64", given.options().get("code-length"));
    assertEquals(
        "4", prepare("random-target", 10, 7, Map.of()).codebookOrigin().orElseThrow()
            .options().asText().get("min-distance"));
    assertTrue(prepare("one-hot", 10, 7, Map.of()).codebookOrigin().isEmpty());
  }

  @Test
  void theDefaultCodeAndDecoderAreRandomBinaryOfLength64AndEuclidean() {
    PreparedDefense defaults = prepare("random-binary-ensemble", 10, 7, Map.of());
    PreparedDefense explicit =
        prepare("random-binary-ensemble", 10, 7,
            Map.of("code", "random-binary", "decoder", "euclidean", "code-length", "64"));
    assertEquals(explicit.codebooks(), defaults.codebooks());
    assertEquals("euclidean", defaults.decoder());
    assertEquals(Map.of("combine", "map", "temperature", "16.0"), defaults.decoderOptions());
    assertEquals("random-binary", defaults.options().get("code"));
    assertEquals("sum", defaults.options().get("bit-reduction"));
  }

  @Test
  void theCodeAndTheDecoderAreChosenByOptionWithTheirOwnOptions() {
    PreparedDefense hadamard =
        prepare("random-binary-ensemble", 10, 7, Map.of("code", "hadamard", "members", "1"));
    assertEquals(16, hadamard.outputsPerMember(), "smallest power of two L with L - 1 >= 10");
    assertEquals("hadamard", hadamard.codebookOrigin().orElseThrow().generator());
    assertEquals("16", hadamard.options().get("code-length"));
    assertTrue(hadamard.derivedOptions().contains("code-length"));
    assertEquals("4.0", hadamard.options().get("temperature"), "T = K / 4 of the drawn code");

    PreparedDefense crc =
        prepare("random-target", 10, 7,
            Map.of("code", "crc", "code.polynomial", "CRC3", "decoder", "zadeh",
                "decoder.syndrome", "required", "decoder.threshold", "0.2"));
    assertEquals("crc", crc.codebookOrigin().orElseThrow().generator());
    assertEquals("CRC3", crc.codebookOrigin().orElseThrow().options().getString("polynomial"));
    assertTrue(crc.codebooks().get(0).linearCode().isPresent());
    assertEquals("zadeh", crc.decoder());
    assertEquals(
        Map.of("syndrome", "required", "threshold", "0.2"), crc.decoderOptions(),
        "a defense setting the decoder does not declare (temperature) is not passed on");
    assertEquals("CRC3", crc.options().get("code.polynomial"), "nested options are recorded");
    assertEquals("0.2", crc.options().get("decoder.threshold"));
    PreparedDecoder decoder =
        Plugins.find(Decoder.class, crc.decoder()).prepare(crc.codebooks(), crc.decoderOptions());
    assertEquals(crc.outputsPerMember(), decoder.outputWidth());

    PreparedDefense oneHot =
        prepare("random-binary-ensemble", 10, 7,
            Map.of("code", "one-hot", "decoder", "correlation-softmax", "decoder.temperature",
                "0.5"));
    assertEquals(10, oneHot.outputsPerMember());
    assertEquals("0.5", oneHot.decoderOptions().get("temperature"), "the user's value wins");
  }

  @Test
  void aDecoderThatCannotDecodeTheCodeIsRefusedNamingBoth() {
    InvalidOptionException e =
        assertThrows(
            InvalidOptionException.class,
            () -> prepare("random-binary-ensemble", 10, 7,
                Map.of("decoder", "zadeh", "decoder.syndrome", "required")));
    assertEquals("decoder", e.option());
    assertTrue(e.getMessage().contains("'zadeh'") && e.getMessage().contains("'random-binary'")
        && e.getMessage().contains("parity-check"), e.getMessage());
    InvalidOptionException badOption =
        assertThrows(
            InvalidOptionException.class,
            () -> prepare("random-target", 10, 7, Map.of("decoder.colour", "red")));
    assertEquals("decoder.colour", badOption.option());
    assertTrue(badOption.getMessage().contains("tanh"), "lists the decoder's options");
  }

  @Test
  void aCodeTooShortForTheClassesOrUnknownIsAClearError() {
    InvalidOptionException tooShort =
        assertThrows(
            InvalidOptionException.class,
            () -> prepare("random-target", 10, 7, Map.of("code", "hadamard", "code-length", "8")));
    assertEquals("code", tooShort.option());
    assertTrue(tooShort.getMessage().contains("'hadamard'")
        && tooShort.getMessage().contains("10 classes"), tooShort.getMessage());
    InvalidOptionException unknown =
        assertThrows(
            InvalidOptionException.class,
            () -> prepare("random-target", 10, 7, Map.of("code", "golay")));
    assertEquals("code", unknown.option());
    assertTrue(unknown.getMessage().contains("golay"), unknown.getMessage());
    InvalidOptionException sharing =
        assertThrows(
            InvalidOptionException.class,
            () -> prepare("random-binary-ensemble", 10, 7, Map.of("code.sharing", "shared")));
    assertTrue(sharing.getMessage().contains("codebooks"), sharing.getMessage());
  }

  @Test
  void sharedCodebooksGiveEveryMemberTheSameCodebook() {
    PreparedDefense d =
        prepare("random-binary-ensemble", 10, 7, Map.of("codebooks", "shared", "members", "5"));
    assertEquals(5, d.members());
    for (Codebook book : d.codebooks()) {
      assertEquals(d.codebooks().get(0), book);
    }
  }

  /**
   * The fewest and the most classes with the extreme seeds, then 20 cases whose classes are drawn
   * from their seed, which also seeds the defense.
   */
  static Stream<Arguments> classesAndSeeds() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 2), Arguments.of(-1L, 12), Arguments.of(Long.MIN_VALUE, 2),
        Arguments.of(Long.MAX_VALUE, 12));
    Stream<Arguments> drawn = LongStream.range(0, 20)
        .mapToObj(seed -> Arguments.of(seed, new SplittableRandom(seed).nextInt(2, 13)));
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1}")
  @MethodSource("classesAndSeeds")
  void theSameSeedGivesTheSameCodebooks(long seed, int classes) {
    Map<String, String> options = Map.of("members", "2", "code-length", "16");
    assertEquals(
        prepare("random-binary-ensemble", classes, seed, options).codebooks(),
        prepare("random-binary-ensemble", classes, seed, options).codebooks());
  }

  @Test
  void randomTargetIsOneNetworkOnOneCode() {
    PreparedDefense d = prepare("random-target", 10, 3, Map.of("code-length", "32"));
    assertEquals(1, d.members());
    assertEquals(32, d.outputsPerMember());
  }

  @Test
  void oneHotAndAdpHaveOneHotOutputs() {
    PreparedDefense oneHot = prepare("one-hot", 10, 3, Map.of());
    assertEquals(1, oneHot.members());
    assertEquals(10, oneHot.outputsPerMember());
    assertEquals(LossSpec.Kind.CROSS_ENTROPY, oneHot.loss().kind());
    PreparedDefense adp = prepare("adp", 10, 3, Map.of());
    assertEquals(3, adp.members());
    assertEquals(10, adp.outputsPerMember());
    assertEquals(new ImageShape(1, 28, 28), adp.model("lenet", new ImageShape(1, 28, 28)).input());
    assertEquals(30, adp.model("lenet", new ImageShape(1, 28, 28)).outputWidth());
  }

  /** The one-hot decoding is the largest mean softmax, i.e. the largest logit for one member. */
  @Test
  void logitDefensesDecodeTheLargestLogit() {
    PreparedDefense d = prepare("one-hot", 4, 3, Map.of());
    PreparedDecoder decoder =
        Plugins.find(Decoder.class, d.decoder()).prepare(d.codebooks(), d.decoderOptions());
    float[] logits = {0.1f, 2.5f, -1f, 2.4f, 3f, -3f, 0f, 1f};
    Decisions decisions = Decisions.withCapacity(2);
    decoder.decode(logits, decisions);
    assertEquals(1, decisions.label(0));
    assertEquals(0, decisions.label(1));
    float[] posteriors = new float[8];
    decoder.posteriors(logits, 0, 2, posteriors);
    double sum = Math.exp(0.1) + Math.exp(2.5) + Math.exp(-1) + Math.exp(2.4);
    assertEquals(Math.exp(2.5) / sum, posteriors[1], 1e-5, "posterior is softmax of logits");
  }

  @Test
  void everyDesignHasADecoderThatReadsItsOutputs() {
    for (String name :
        List.of("random-binary-ensemble", "random-target", "one-hot", "adp", "error-detecting")) {
      PreparedDefense d = prepare(name, 10, 1, Map.of());
      PreparedDecoder decoder =
          Plugins.find(Decoder.class, d.decoder()).prepare(d.codebooks(), d.decoderOptions());
      assertEquals(d.members() * d.outputsPerMember(), decoder.outputWidth(), name);
      assertEquals(10, decoder.classes(), name);
    }
  }

  @Test
  void badInputIsRefusedWithTheProblemNamed() {
    Defense rbe = Plugins.find(Defense.class, "random-binary-ensemble");
    InvalidOptionException members =
        assertThrows(
            InvalidOptionException.class,
            () -> rbe.prepare(10, 1, Map.of("members", "0"), Plugins::find));
    assertEquals("members", members.option());
    assertThrows(
        InvalidOptionException.class,
        () -> rbe.prepare(10, 1, Map.of("colour", "red"), Plugins::find));
    assertThrows(
        InvalidOptionException.class,
        () -> rbe.prepare(10, 1, Map.of("entropy-weight", "NaN"), Plugins::find));
    assertThrows(
        InvalidOptionException.class,
        () -> rbe.prepare(10, 1, Map.of("temperature", "0"), Plugins::find));
    assertThrows(IllegalArgumentException.class, () -> rbe.prepare(1, 1, Map.of(), Plugins::find));
    IllegalArgumentException tooShort =
        assertThrows(
            IllegalArgumentException.class,
            () -> rbe.prepare(10, 1, Map.of("code-length", "3"), Plugins::find));
    assertTrue(tooShort.getMessage().contains("3") || tooShort.getMessage().contains("length"),
        tooShort.getMessage());
    Defense adp = Plugins.find(Defense.class, "adp");
    assertThrows(
        InvalidOptionException.class,
        () -> adp.prepare(10, 1, Map.of("members", "1"), Plugins::find));
    assertThrows(
        InvalidOptionException.class,
        () -> adp.prepare(10, 1, Map.of("det-offset", "0"), Plugins::find));
  }
}
