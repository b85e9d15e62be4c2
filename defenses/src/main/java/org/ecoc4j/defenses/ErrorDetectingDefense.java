package org.ecoc4j.defenses;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;

/**
 * {@code error-detecting}: Klimo, Lukáč and Tarábek, "Deep Neural Networks Classification via
 * Binary Error-Detecting Output Codes" (Appl. Sci. 2021, {@code papers/error-detecting-output-
 * codes.txt}). One network with K sigmoid outputs is trained on the codewords of a linear block
 * code, by default the paper's systematic (10, 4) CRC7 code for 10 classes ({@code code=crc},
 * {@code code.polynomial=CRC1..CRC9} or any polynomial in binary), with the paper's Zadeh loss
 * {@code 1 - min_j t(y_j = c_j)} (section 2.5) or, by option {@code loss}, its comparisons:
 * binary cross-entropy or squared error per bit, or cross-entropy of the softmax over codeword
 * correlations ({@link BinaryCodeLoss}).
 *
 * <p>Deployed: the {@code zadeh} decoder over the full codespace of 2^K words (Theorem 1: the
 * rounded output), rejecting a word with a non-zero syndrome or owned by no class, and a winner
 * whose truth is below the threshold Delta ({@code threshold}, default 0 as in the paper's
 * Table 4; values below 1/2 reject nothing more, Theorem 1). Any installed generator and decoder
 * can be chosen instead ({@code code}, {@code decoder}, with their own options as {@code
 * code.NAME} and {@code decoder.NAME}; see {@link CodewordChoice}), for example the paper's
 * Hadamard baseline {@code code=hadamard code.drop-constant-column=true decoder=euclidean
 * loss=mse} or its CRC7 softmax baseline {@code loss=softmax decoder=correlation-softmax}.
 *
 * <p>Class scores for attacks are the correlations of the raw outputs (before the sigmoid) with
 * the +1/-1 codewords; the adaptive objective is the margin on them.
 */
public final class ErrorDetectingDefense implements Defense {

  /** The option holding the rejection threshold Delta. */
  static final String THRESHOLD = "threshold";

  private static final List<OptionSpec> OPTIONS =
      List.of(
          DefenseOptions.codeLength(),
          CodewordChoice.code("crc"),
          CodewordChoice.decoder("zadeh"),
          BinaryCodeLoss.option(),
          OptionSpec.ofDouble(
              THRESHOLD, 0.0,
              "rejection threshold Delta in [0, 1] of the decoder: a winner whose truth value is"
                  + " below it is rejected (0 as in the paper's Table 4; below 1/2 it rejects"
                  + " nothing more)"));

  /** The provider, for {@link java.util.ServiceLoader}. */
  public ErrorDetectingDefense() {
    // stateless
  }

  @Override
  public String name() {
    return "error-detecting";
  }

  @Override
  public String description() {
    return "one network with sigmoid outputs on a linear block code (CRC7 by default), Zadeh"
        + " loss, Zadeh decision over the full codespace with syndrome rejection (Klimo et al.)";
  }

  @Override
  public List<OptionSpec> options() {
    return OPTIONS;
  }

  @Override
  public PreparedDefense prepare(
      int classes, long seed, Map<String, String> options, PluginSource plugins) {
    DefenseOptions.checkClasses(classes);
    Options given = Options.parse(OPTIONS, options);
    if (given.has(DefenseOptions.CODE_LENGTH)) {
      DefenseOptions.atLeast(given, DefenseOptions.CODE_LENGTH, 1);
    }
    double threshold = given.getDouble(THRESHOLD);
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new InvalidOptionException(
          THRESHOLD, "option '" + THRESHOLD + "' (Delta) must be in [0, 1], got " + threshold);
    }
    BinaryCodeLoss lossKind = BinaryCodeLoss.ofWord(given.getString(BinaryCodeLoss.OPTION));
    DrawnCodebooks drawn = CodewordChoice.draw(plugins, given, classes, 1, false, seed);
    List<Codebook> books = drawn.codebooks();
    Codebook book = books.get(0);
    Options parsed =
        given.has(DefenseOptions.CODE_LENGTH)
            ? given
            : given.derive(DefenseOptions.CODE_LENGTH, Integer.toString(book.length()));
    LossSpec loss =
        LossSpec.tanhSquaredError(books)
            .withTermLoss(lossKind.description(), t -> lossKind.perSample(t, book));
    Map<String, String> decoderOptions =
        CodewordChoice.decoderOptions(
            plugins, parsed, decoderSettings(plugins, parsed), books,
            drawn.origin().generator());
    return CodewordDesign.of(name(), parsed, drawn, loss, decoderOptions);
  }

  /**
   * What the defense sets on the decoder: the full codespace and Delta, where the decoder
   * declares them; a {@code threshold} given for a decoder without one is an error.
   */
  private static Map<String, String> decoderSettings(PluginSource plugins, Options options) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("space", "full");
    settings.put(THRESHOLD, Double.toString(options.getDouble(THRESHOLD)));
    String name = options.getString(CodewordChoice.DECODER);
    if (options.given(THRESHOLD)) {
      Decoder decoder;
      try {
        decoder = plugins.find(Decoder.class, name);
      } catch (IllegalArgumentException e) {
        throw new InvalidOptionException(
            CodewordChoice.DECODER, "option 'decoder': " + e.getMessage());
      }
      if (decoder.options().stream().noneMatch(o -> o.name().equals(THRESHOLD))) {
        throw new InvalidOptionException(
            THRESHOLD, "option '" + THRESHOLD + "' is given but the decoder '" + name
                + "' has no rejection threshold (zadeh has one)");
      }
    }
    return settings;
  }
}
