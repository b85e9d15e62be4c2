package org.ecoc4j.defenses;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.api.plugin.PluginSource;
import org.ecoc4j.api.training.TrainingStage;

/**
 * {@code coded-smoothing}: Moradi, Jahaninezhad and Maddah-Ali, "Coded-smoothing: coding theory
 * helps generalization" (arXiv 2510.00253), as a training regulariser of a one-hot network. Each
 * training batch is cut into groups of K images in batch order; a group is placed at the
 * Chebyshev points {@code alpha_j}, fitted (a cubic smoothing spline, or Berrut's rational
 * interpolant) and the fit evaluated at N points {@code beta_i}: N coded samples, each a linear
 * combination of the group's images ({@link CodedSmoothingCode}). The network runs on the plain
 * batch and on every group's coded samples in the same step; the decoder fits the N outputs at
 * the betas and evaluates the fit at the alphas, giving K decoded outputs. The per-sample loss is
 * {@code CE(f(x), y) + mu CE(decoded, y)}: the task loss plus {@code mu} times the
 * reconstruction penalty that "encourages decoded outputs to match true targets" (the abstract),
 * here the cross-entropy of the decoded logits. Defaults: K = 16, N = 32, spline smoothing
 * {@code 0} for the encoder and the decoder (the interpolating limit of the smoothing spline;
 * ecoc4j's choice, measured: a smoothing of {@code 1e-3} made RCI lose about 30 points of clean
 * accuracy, see the defenses README; the paper's values are not in its abstract), mu = 1.
 *
 * <p>Deployed, the network is decided by its largest logit like {@code one-hot} and attacked
 * through its cross-entropy. With {@code inference=plain} (the default) it runs alone, on single
 * images. With {@code inference=rci} it runs the paper's randomized coded inference ({@link
 * RandomizedCodedInference}): each batch is permuted at random, coded in groups of K, run and
 * decoded, so a prediction needs a batch and is random; the permutations come from a stream
 * seeded by the defense's seed, and the design declares itself {@linkplain
 * PreparedDefense#randomized() randomized}. A batch smaller than K, or a last group that is not
 * full, is filled up with the permuted batch's first images again.
 *
 * <p>With N = K (the betas are then the alphas) and zero smoothing, the encoder and the decoder
 * are the identity, the decoded outputs are the plain ones and the loss is {@code (1 + mu)} times
 * one-hot's; with mu = 0 the run is one-hot's.
 *
 * <p>Option {@code base} names the defense whose design is coded ({@code one-hot} by default; a
 * codeword defense such as {@code random-binary-ensemble}, its options as {@code base.NAME}): the
 * networks, codebooks, decoder and attacked loss are the base's, the per-sample loss is {@code
 * L(f(x)) + mu L(decoded)} with {@code L} the base's loss, and RCI decodes the base's raw outputs
 * before its decoder decides ({@link CodedSmoothingDesign}).
 *
 * <p>Option {@code block} codes around one block of the architecture instead of the whole
 * network (the paper's "the model (or one block)"): the activations entering the block are
 * encoded group by group, the block's outputs decoded, and the layers before and after it run
 * per sample ({@link CodedTraining#blockMixing}); the architecture names its blocks (lenet:
 * {@code conv1}, {@code conv2}, {@code head}; the ResNets and WRNs: {@code stem}, {@code
 * stage1}..{@code stage3}, {@code head}; see the backend's zoo) and refuses another name, naming
 * its own; an imported model declares none. In training, batch normalization inside and after the
 * block normalizes the mixed rows together (the plain with the coded, then the plain with the
 * decoded ones). With
 * {@code inference=rci} the deployed network codes around the same block: each permuted group
 * runs through the weights in a graph mixed around it ({@link RandomizedCodedInference}).
 */
public final class CodedSmoothingDefense implements Defense {

  /** The plugin's name. */
  static final String NAME = "coded-smoothing";

  static final String BASE = "base";
  static final String GROUP = "group";
  static final String CODED = "coded";
  static final String INTERPOLANT = "interpolant";
  static final String ENCODER_SMOOTHING = "encoder-smoothing";
  static final String DECODER_SMOOTHING = "decoder-smoothing";
  static final String MU = "mu";
  static final String INFERENCE = "inference";
  static final String BLOCK = "block";

  /**
   * The spline's smoothing parameter when none is given: 0, the interpolating spline (a larger one
   * couples the decoded outputs of a group and costs randomized coded inference clean accuracy).
   */
  static final double DEFAULT_SMOOTHING = 0.0;

  private static final List<OptionSpec> OPTIONS =
      List.of(
          OptionSpec.ofPlugin(
              BASE, "one-hot",
              "the defense whose loss, outputs and decoder are coded: one-hot (default) or a"
                  + " codeword defense (random-binary-ensemble, random-target, error-detecting or"
                  + " any installed single-stage one); its options as base.NAME=VALUE"),
          OptionSpec.ofInt(
              GROUP, 16,
              "K, the images of a batch coded together; the batch size must be a multiple of K"),
          OptionSpec.ofInt(CODED, 32, "N >= K, the coded samples each group of K gives"),
          OptionSpec.ofChoice(
              INTERPOLANT, "spline",
              "spline: cubic smoothing spline; berrut: Berrut's rational interpolant (no"
                  + " smoothing parameter)",
              "spline", "berrut"),
          OptionSpec.ofDouble(
              ENCODER_SMOOTHING, null,
              "the encoder spline's smoothing parameter (>= 0); default 0 (the interpolating"
                  + " spline); not for berrut"),
          OptionSpec.ofDouble(
              DECODER_SMOOTHING, null,
              "the decoder spline's smoothing parameter (>= 0); default 0 (the interpolating"
                  + " spline); not for berrut"),
          OptionSpec.ofDouble(
              MU, 1.0, "weight mu (>= 0) of the reconstruction penalty on decoded outputs"),
          OptionSpec.ofChoice(
              INFERENCE, "plain",
              "plain: the network alone; rci: randomized coded inference (each batch permuted at"
                  + " random, coded, decoded; permutations from the defense's seed)",
              "plain", "rci"),
          OptionSpec.ofString(
              BLOCK, null,
              "code around this block of the architecture only (lenet: conv1, conv2, head;"
                  + " cnn1/cnn2: block1..block3, head; resnets and wrns: stem, stage1..stage3,"
                  + " head; densenet-bc: stem, dense1, transition1, dense2, transition2, dense3,"
                  + " head; imported models have none): its entering activations are encoded,"
                  + " its outputs decoded, the other layers run per sample, in training and"
                  + " under inference=rci; default: around the whole network"));

  /** The provider, for {@link java.util.ServiceLoader}. */
  public CodedSmoothingDefense() {
    // stateless
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "coded-smoothing (Moradi et al.): a one-hot (or codeword) network trained on batches"
        + " and their spline-coded combinations, loss + mu x loss of the decoded outputs";
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
    int k = DefenseOptions.atLeast(given, GROUP, 1);
    int n = given.getInt(CODED);
    if (n < k) {
      throw new InvalidOptionException(
          CODED, "option 'coded' (N = " + n + ") must be at least option 'group' (K = " + k
              + "): coded-smoothing needs N >= K");
    }
    double mu = DefenseOptions.nonNegative(given, MU);
    Interpolant interpolant = Interpolant.of(given.getString(INTERPOLANT));
    Options parsed = given;
    for (String name : List.of(ENCODER_SMOOTHING, DECODER_SMOOTHING)) {
      if (!given.has(name)) {
        double value = interpolant == Interpolant.SPLINE ? DEFAULT_SMOOTHING : 0.0;
        parsed = parsed.derive(name, Double.toString(value));
      } else if (interpolant == Interpolant.BERRUT) {
        throw new InvalidOptionException(
            name, "option '" + name + "' does not apply to the berrut interpolant, which has no"
                + " smoothing parameter");
      } else {
        DefenseOptions.nonNegative(given, name);
      }
    }
    CodedSmoothingCode code =
        CodedSmoothingCode.design(
            k, n, interpolant, parsed.getDouble(ENCODER_SMOOTHING),
            parsed.getDouble(DECODER_SMOOTHING));
    Optional<String> block = given.has(BLOCK) ? Optional.of(given.getString(BLOCK).strip())
        : Optional.empty();
    if (block.filter(String::isEmpty).isPresent()) {
      throw new InvalidOptionException(BLOCK, "option 'block' names no block");
    }
    boolean rci = parsed.getString(INFERENCE).equals("rci");
    PreparedDefense base = base(classes, seed, given, plugins, k);
    Map<String, String> inEffect = new LinkedHashMap<>(parsed.asText());
    List<String> derived = new ArrayList<>(parsed.derived());
    base.options().forEach((name, value) -> inEffect.putIfAbsent(BASE + "." + name, value));
    base.derivedOptions().forEach(name -> derived.add(BASE + "." + name));
    return new CodedSmoothingDesign(
        base, inEffect, derived, code, mu, rci, block, seed);
  }

  /**
   * The design of the defense option {@code base} names, prepared with its {@code base.NAME}
   * options and the run's seed.
   *
   * @throws InvalidOptionException naming {@code base} for an unknown defense, coded-smoothing
   *     itself, or a defense that coded-smoothing cannot wrap (several stages, a batch mixing of
   *     its own, learned codes, a randomized deployment, a loss not written with terms), and
   *     naming {@code base.OPTION} for the base's bad options
   */
  private static PreparedDefense base(
      int classes, long seed, Options given, PluginSource plugins, int k) {
    String name = given.getString(BASE);
    if (name.equals(NAME)) {
      throw new InvalidOptionException(BASE, "option 'base' cannot be coded-smoothing itself");
    }
    Defense defense;
    try {
      defense = plugins.find(Defense.class, name);
    } catch (IllegalArgumentException e) {
      throw new InvalidOptionException(
          BASE, "option 'base': unknown defense '" + name + "': " + e.getMessage());
    }
    PreparedDefense base;
    try {
      base = defense.prepare(classes, seed, given.nested(BASE), plugins);
    } catch (InvalidOptionException e) {
      throw new InvalidOptionException(
          BASE + "." + e.option(), "base defense '" + name + "': " + e.getMessage());
    }
    List<TrainingStage> stages = base.stages(TrainingConfig.adamW(1, k, seed));
    String refused = stages.size() != 1 ? "trains in " + stages.size() + " stages"
        : stages.get(0).batchMixing().isPresent() || stages.get(0).blockMixing().isPresent()
            ? "mixes its batches itself"
        : stages.get(0).views().size() != 1 ? "trains on several views of each batch"
        : base.learnsCodes() ? "learns its codes"
        : base.randomized() || base.coupledBatch() != 1 ? "deploys a randomized network"
        : base.loss().termLoss().isEmpty() ? "has no loss written with terms"
        : null;
    if (refused != null) {
      throw new InvalidOptionException(BASE, "option 'base': coded-smoothing cannot wrap '"
          + name + "', which " + refused + "; choose one-hot or a single-stage codeword defense");
    }
    return base;
  }
}
