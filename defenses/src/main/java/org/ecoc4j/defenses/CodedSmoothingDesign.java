package org.ecoc4j.defenses;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.TermLoss;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A prepared {@code coded-smoothing} around the design of its {@code base} defense ({@code
 * one-hot} by default, or a codeword defense such as {@code random-binary-ensemble}): decided,
 * attacked and shaped as the base (its networks, codebooks, attacked loss, decoder, class scores
 * and adaptive objective), trained in one stage on mixed batches ({@link CodedTraining}) with the
 * base's loss on the plain outputs plus {@code mu} times the base's loss on the decoded outputs,
 * deployed plain or with randomized coded inference around the base's outputs.
 *
 * @param base the design it wraps
 * @param options every option value as text, the base's under {@code base.NAME}
 * @param derivedOptions the option values derived because they were not given
 * @param code the encoder and decoder
 * @param mu the weight of the reconstruction penalty
 * @param randomizedInference whether the deployed network runs randomized coded inference
 * @param block the block of the architecture coded in training, if not the whole network
 * @param seed the seed of RCI's permutations
 */
record CodedSmoothingDesign(
    PreparedDefense base,
    Map<String, String> options,
    List<String> derivedOptions,
    CodedSmoothingCode code,
    double mu,
    boolean randomizedInference,
    Optional<String> block,
    long seed)
    implements PreparedDefense {

  /** Copies the options. */
  CodedSmoothingDesign {
    options = Map.copyOf(options);
    derivedOptions = List.copyOf(derivedOptions);
  }

  @Override
  public String name() {
    return CodedSmoothingDefense.NAME;
  }

  @Override
  public Optional<CodebookOrigin> codebookOrigin() {
    return base.codebookOrigin();
  }

  @Override
  public int members() {
    return base.members();
  }

  @Override
  public int outputsPerMember() {
    return base.outputsPerMember();
  }

  @Override
  public List<Codebook> codebooks() {
    return base.codebooks();
  }

  /** The base's loss on the plain network: what the deployed network is attacked with. */
  @Override
  public LossSpec loss() {
    return base.loss();
  }

  @Override
  public String decoder() {
    return base.decoder();
  }

  @Override
  public Map<String, String> decoderOptions() {
    return base.decoderOptions();
  }

  @Override
  public Term classScores(Terms terms) {
    return base.classScores(terms);
  }

  @Override
  public String adaptiveObjective() {
    return base.adaptiveObjective();
  }

  @Override
  public ModelSpec model(String architecture, ImageShape input) {
    return base.model(architecture, input);
  }

  /**
   * One stage, {@code train}, on batches mixed by {@link CodedTraining#inputMixing} with the
   * coded loss around the base's; with a {@code block}, mixed around that block by {@link
   * CodedTraining#blockMixing} with {@link CodedTraining#blockLoss}.
   *
   * @throws IllegalArgumentException when the batch size is not a multiple of K
   */
  @Override
  public List<TrainingStage> stages(TrainingConfig config) {
    int batch = config.batchSize();
    if (block.isPresent()) {
      return List.of(
          TrainingStage.of("train", CodedTraining.blockLoss(batch, base, mu), config)
              .withBlockMixing(CodedTraining.blockMixing(block.get(), code, batch)));
    }
    return List.of(
        TrainingStage.of("train", CodedTraining.loss(code, batch, base, mu), config)
            .withBatchMixing(CodedTraining.inputMixing(code, batch)));
  }

  /**
   * The plain network, or with {@code inference=rci} {@link RandomizedCodedInference} around it
   * (or around its {@code block}), its permutations drawn from the defense's seed, its gradients
   * those of the base's loss on the decoded outputs.
   */
  @Override
  public TrainedNetwork deploy(TrainedNetwork trained) {
    if (!randomizedInference) {
      return trained;
    }
    return new RandomizedCodedInference(
        trained, code, baseLoss(base), RandomizedCodedInference.seededPermutations(seed), block);
  }

  /**
   * The base's loss written with terms.
   *
   * @throws IllegalArgumentException when the base's loss is not written with terms
   */
  static TermLoss baseLoss(PreparedDefense base) {
    return base.loss().termLoss().orElseThrow(() -> new IllegalArgumentException(
        "the base defense '" + base.name() + "' has no loss written with terms ("
            + base.loss() + "): coded-smoothing cannot decode it"));
  }

  @Override
  public boolean randomized() {
    return randomizedInference;
  }

  /** K under randomized coded inference, which codes K images together; 1 for plain inference. */
  @Override
  public int coupledBatch() {
    return randomizedInference ? code.samples() : 1;
  }
}
