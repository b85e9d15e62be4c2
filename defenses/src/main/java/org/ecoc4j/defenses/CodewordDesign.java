package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;

/**
 * A defense whose members are trained towards codewords: M members of K outputs, decoded by the
 * nearest codeword to {@code tanh(o)} ({@code euclidean}) and combined by MAP or vote; its class
 * scores are the raw outputs' correlations with the codewords, summed over members.
 *
 * @param name the defense's plugin name
 * @param options every option value as text
 * @param codebooks one codebook per member
 * @param loss the training loss
 * @param decoderOptions options of the {@code euclidean} decoder
 */
record CodewordDesign(
    String name,
    Map<String, String> options,
    List<Codebook> codebooks,
    LossSpec loss,
    Map<String, String> decoderOptions)
    implements PreparedDefense {

  /** Copies the collections. */
  CodewordDesign {
    options = Map.copyOf(options);
    codebooks = List.copyOf(codebooks);
    decoderOptions = Map.copyOf(decoderOptions);
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
  public String decoder() {
    return "euclidean";
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
