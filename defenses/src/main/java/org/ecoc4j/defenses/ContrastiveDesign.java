package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A contrastive ECOC defense bound to its options: one network whose K outputs are the ECOC
 * encoder's codeword, real-valued class codes (learned as class means, Eq. 3, or given), deployed
 * with the {@code cosine-softmax} decoder (Eq. 5). Its class scores are the cosine similarities of
 * the outputs with the class codes, before the softmax; the adaptive objective is a margin on
 * them. It has no +1/-1 codebooks: {@link #codebooks()} is empty and {@link #codeTables()} holds
 * the one table once known.
 */
final class ContrastiveDesign implements PreparedDefense {

  private final String name;
  private final Map<String, String> options;
  private final List<String> derived;
  private final int classes;
  private final int length;
  private final Function<TrainingConfig, List<TrainingStage>> stages;
  private final Optional<CodeTable> table;
  private final boolean learns;

  /**
   * @param stages the training stages for a run's settings
   * @param table the class codes, or empty while they are still to be learned
   * @param learns whether the codes are learned from the trained network (Eq. 3)
   */
  ContrastiveDesign(String name, Map<String, String> options, List<String> derived, int classes,
      int length, Function<TrainingConfig, List<TrainingStage>> stages, Optional<CodeTable> table,
      boolean learns) {
    this.name = name;
    this.options = Map.copyOf(options);
    this.derived = List.copyOf(derived);
    this.classes = classes;
    this.length = length;
    this.stages = Objects.requireNonNull(stages, "stages");
    this.table = table;
    this.learns = learns;
    table.ifPresent(this::checkFits);
  }

  private void checkFits(CodeTable t) {
    if (t.classes() != classes || t.length() != length) {
      throw new IllegalArgumentException(name + " needs a " + classes + " x " + length
          + " code table (classes x code length), got " + t.classes() + " x " + t.length());
    }
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Map<String, String> options() {
    return options;
  }

  @Override
  public List<String> derivedOptions() {
    return derived;
  }

  @Override
  public int members() {
    return 1;
  }

  @Override
  public int outputsPerMember() {
    return length;
  }

  @Override
  public List<Codebook> codebooks() {
    return List.of();
  }

  @Override
  public List<CodeTable> codeTables() {
    return table.map(List::of).orElse(List.of());
  }

  @Override
  public boolean learnsCodes() {
    return learns;
  }

  @Override
  public PreparedDefense learnCodes(float[] outputs, int[] labels) {
    if (!learns) {
      return PreparedDefense.super.learnCodes(outputs, labels);
    }
    return with(ClassMeanCodes.of(outputs, labels, classes, length));
  }

  @Override
  public PreparedDefense withCodeTables(List<CodeTable> tables) {
    if (!learns) {
      return PreparedDefense.super.withCodeTables(tables);
    }
    if (tables.size() != 1) {
      throw new IllegalArgumentException(
          name + " has one network and one code table, got " + tables.size());
    }
    return with(tables.get(0));
  }

  private ContrastiveDesign with(CodeTable learned) {
    return new ContrastiveDesign(name, options, derived, classes, length, stages,
        Optional.of(learned), learns);
  }

  /**
   * The deployed loss: cross-entropy of the decoder's probabilities (Eq. 6) against the class
   * codes; while the codes are still to be learned, against the batch's class means.
   */
  @Override
  public LossSpec loss() {
    if (table.isEmpty()) {
      return LossSpec.learnedCodes(classes, length).withTermLoss(
          "cross-entropy of softmax over cosines with the batch's class means (Eq. 5-6)",
          t -> ContrastiveTerms.crossEntropy(t, t.outputs(),
              ContrastiveTerms.batchClassMeans(t, t.outputs()), ContrastiveTerms.presentClasses(t)));
    }
    float[] codes = table.get().toFloatArray();
    return LossSpec.codeTable(table.get()).withTermLoss(
        "cross-entropy of softmax over cosines with the class codes (Eq. 5-6)",
        t -> ContrastiveTerms.crossEntropy(t, t.outputs(), t.matrix(codes, classes, length),
            t.constant(1f)));
  }

  @Override
  public List<TrainingStage> stages(TrainingConfig config) {
    return stages.apply(config);
  }

  @Override
  public String decoder() {
    return "cosine-softmax";
  }

  @Override
  public Map<String, String> decoderOptions() {
    return Map.of("temperature", "1");
  }

  /**
   * The cosine similarities of the outputs with the class codes, [batch, N].
   *
   * @throws IllegalStateException while the codes are still to be learned
   */
  @Override
  public Term classScores(Terms terms) {
    CodeTable codes = table.orElseThrow(() -> new IllegalStateException(
        name + " has no class codes yet: they are learned from the trained network (Eq. 3)"));
    return terms.cosines(terms.outputs(), terms.matrix(codes.toFloatArray(), classes, length));
  }

  @Override
  public String adaptiveObjective() {
    return "margin";
  }
}
