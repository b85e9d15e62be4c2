package org.ecoc4j.api.defense;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.symbolic.Term;
import org.ecoc4j.api.symbolic.Terms;
import org.ecoc4j.api.training.TrainingStage;

/**
 * A defense bound to its classes, seed and options: everything needed to train it on a backend,
 * deploy it with a decoder and attack it both as its paper did and adaptively.
 *
 * <p>The network of a defense is {@link #members()} replicas of one architecture in one graph,
 * each with {@link #outputsPerMember()} outputs, member-major. Immutable.
 */
public interface PreparedDefense {

  /** The defense's plugin name. */
  String name();

  /**
   * Every option value in effect as text, defaults and derived values included (for provenance).
   */
  Map<String, String> options();

  /**
   * The names among {@link #options()} whose values the defense derived from others because they
   * were not given (for example a temperature computed from the code length); none by default.
   */
  default List<String> derivedOptions() {
    return List.of();
  }

  /**
   * The generator that drew {@link #codebooks()} and every option value it used, or empty when
   * the codebooks are fixed (one-hot).
   */
  default Optional<CodebookOrigin> codebookOrigin() {
    return Optional.empty();
  }

  /** Number of member networks M. */
  int members();

  /** Outputs of each member: the code length K, or N for one-hot outputs. */
  int outputsPerMember();

  /**
   * One codebook per member, N rows of {@link #outputsPerMember()} bits: what the members are
   * trained towards and what the decoder and class scores read (the one-hot code for networks
   * trained with cross-entropy).
   */
  List<Codebook> codebooks();

  /**
   * The real-valued code tables the deployed decoder reads, one per member ({@link
   * org.ecoc4j.api.decoding.Decoder#prepareTables}): by default the +1/-1 values of {@link
   * #codebooks()}. A defense that learns its codes returns none until {@link #learnCodes} bound
   * them.
   */
  default List<CodeTable> codeTables() {
    return codebooks().stream().map(CodeTable::of).toList();
  }

  /**
   * Whether the codes are learned from the trained network (contrastive ECOC, Eq. 3: the class
   * means of its outputs on a generation split, held out of training): the trainer then calls
   * {@link #learnCodes} after training, or, when one of its {@linkplain #stages stages} generated
   * a table between stages ({@link TrainingStage#preparation()}, e.g. ACL-PF's codebook generated
   * once pretraining is complete), binds the table the network was trained against with {@link
   * #withCodeTables}. False by default.
   */
  default boolean learnsCodes() {
    return false;
  }

  /**
   * This defense with the codes it learns from the trained network's outputs on the generation
   * split.
   *
   * @param outputs the network's outputs, one row of {@link #outputsPerMember()} values per sample
   * @param labels the samples' classes
   * @throws IllegalArgumentException for outputs that do not fit, or a class without a sample
   *     (naming it)
   * @throws UnsupportedOperationException for a defense that does not learn its codes
   */
  default PreparedDefense learnCodes(float[] outputs, int[] labels) {
    throw new UnsupportedOperationException(name() + " does not learn its codes");
  }

  /**
   * This defense with its codes as learned earlier and saved (see {@link #codeTables()}), for
   * reloading a trained model.
   *
   * @throws IllegalArgumentException for tables that do not fit the defense
   * @throws UnsupportedOperationException for a defense that does not learn its codes
   */
  default PreparedDefense withCodeTables(List<CodeTable> tables) {
    throw new UnsupportedOperationException(name() + " does not learn its codes");
  }

  /** The training loss; its per-sample value is the papers' attack objective. */
  LossSpec loss();

  /**
   * The stages the defense trains in, in order, for the run's settings {@code config} (epochs,
   * batch size, optimizer, seed). By default one stage, {@code train}: {@link #loss()} with {@code
   * config}, one view of each sample through the dataset's training augmentation, from scratch.
   * A defense that pretrains, fine-tunes or trains against a codebook learned in an earlier stage
   * declares more; the deployed network is the last stage's.
   */
  default List<TrainingStage> stages(TrainingConfig config) {
    return List.of(TrainingStage.of("train", loss(), config));
  }

  /** Name of the deployed decoder plugin. */
  String decoder();

  /** Options of the deployed decoder. */
  Map<String, String> decoderOptions();

  /**
   * The class scores, [batch, N], before any saturating function: the correlations of the raw
   * outputs with each class's codewords, summed over members (logits for one-hot outputs). The
   * adaptive objective is a margin on this surface; it equals {@link Terms#classScores()} of a
   * backend compiling this defense's {@link #loss()}.
   */
  Term classScores(Terms terms);

  /**
   * Name of the adaptive attack objective that targets this defense ({@code margin} on {@link
   * #classScores}), which an evaluator runs beside the papers' protocol.
   */
  String adaptiveObjective();

  /**
   * The network as deployed around the one the backend trained or loaded: by default that network
   * itself. A defense whose inference does more than run the network (for example coded-smoothing's
   * randomized coded inference, which permutes, codes and decodes each batch) returns a network
   * that does it, whose scores and gradient oracles are what evaluations decide with and attack.
   * The returned network owns {@code trained}: closing it closes {@code trained}.
   */
  default TrainedNetwork deploy(TrainedNetwork trained) {
    return trained;
  }

  /**
   * Whether the deployed network's scores are random (drawn afresh at each call, from a seeded
   * stream): an honest evaluation then attacks it with expectation over transformation and
   * re-scores over several draws. False by default.
   */
  default boolean randomized() {
    return false;
  }

  /**
   * How many samples the deployed network decides together: 1 (by default) when each sample's
   * scores depend on that sample alone; {@code K > 1} for a batch-coupled defense (for example
   * coded-smoothing's randomized coded inference, which codes K images together), whose honest
   * evaluation forms test batches of exactly K samples and attacks each batch as a whole.
   */
  default int coupledBatch() {
    return 1;
  }

  /** The model to build: {@code architecture} for {@code input}, with this defense's widths. */
  default ModelSpec model(String architecture, ImageShape input) {
    return new ModelSpec(architecture, input, outputsPerMember(), members());
  }
}
