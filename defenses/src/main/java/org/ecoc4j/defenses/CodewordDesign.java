package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * A defense whose members are trained towards codewords: M members of K outputs, decoded by the
 * chosen decoder (by default the nearest codeword to {@code tanh(o)}, {@code euclidean}) and
 * combined by MAP or vote; its class scores are the raw outputs' correlations with the codewords,
 * summed over members.
 *
 * @param name the defense's plugin name
 * @param options every option value in effect as text, derived ones included
 * @param derivedOptions the names of the derived ones
 * @param codebooks one codebook per member
 * @param codebookOrigin the generator that drew them and the options it used
 * @param loss the training loss
 * @param decoder the deployed decoder's plugin name
 * @param decoderOptions its options
 */
record CodewordDesign(
    String name,
    Map<String, String> options,
    List<String> derivedOptions,
    List<Codebook> codebooks,
    Optional<CodebookOrigin> codebookOrigin,
    LossSpec loss,
    String decoder,
    Map<String, String> decoderOptions)
    implements PreparedDefense {

  /** Copies the collections. */
  CodewordDesign {
    options = Map.copyOf(options);
    derivedOptions = List.copyOf(derivedOptions);
    codebooks = List.copyOf(codebooks);
    Objects.requireNonNull(codebookOrigin, "codebookOrigin");
    Objects.requireNonNull(decoder, "decoder");
    decoderOptions = Map.copyOf(decoderOptions);
  }

  /**
   * A design whose options are {@code options}, whose codebooks were {@code drawn} and whose
   * decoder is the one the option {@code decoder} names.
   */
  static CodewordDesign of(
      String name,
      Options options,
      DrawnCodebooks drawn,
      LossSpec loss,
      Map<String, String> decoderOptions) {
    return new CodewordDesign(
        name, options.asText(), options.derived(), drawn.codebooks(),
        Optional.of(drawn.origin()), loss, options.getString(CodewordChoice.DECODER),
        decoderOptions);
  }

  @Override
  public int members() {
    return codebooks.size();
  }

  @Override
  public int outputsPerMember() {
    return codebooks.get(0).length();
  }

  @Override
  public Term classScores(Terms terms) {
    return terms.project(
        terms.outputs(),
        CodebookMatrices.stackedTransposed(codebooks),
        codebooks.get(0).classes());
  }

  @Override
  public String adaptiveObjective() {
    return "margin";
  }
}
