package org.ecoc4j.experiments;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.api.defense.PreparedDefense;
import org.ecoc4j.evaluation.AttackRun;
import org.ecoc4j.evaluation.EvaluationPlan;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.Evaluator;
import org.ecoc4j.evaluation.PlanBuilder;
import org.ecoc4j.evaluation.Rescoring;
import org.ecoc4j.evaluation.TargetSelection;

/**
 * Evaluates a trained defense under the papers' protocol and ecoc4j's standard suite in one
 * evaluation, so that the per-sample worst case runs across both, each adversarial example
 * re-scored on the deployed decoder; the clean first-choice accuracy is read with the deployed
 * rule under its {@link Decoder#firstChoiceOptions}. A randomized or batch-coupled defense ({@link
 * PreparedDefense#randomized()}, {@link PreparedDefense#coupledBatch()}) is evaluated under a
 * {@link Rescoring}: test batches of its coupled batch, every decision drawn {@link
 * #rescoringDraws()} times ({@value #RESCORING_DRAWS} unless {@link #withRescoringDraws} says
 * otherwise), the worst case over draws as the main figures and the mean beside them; the
 * rescoring in effect is recorded in the report's provenance ({@code attackSuite.rescoring}).
 */
public final class ProtocolEvaluator {

  /** How many times each decision on a randomized defense is drawn by default. */
  public static final int RESCORING_DRAWS = 5;

  private final PluginLookup plugins;
  private final PrintStream progress;
  private final int rescoringDraws;

  /**
   * Creates an evaluator.
   *
   * @param progress where progress lines go (standard error), or {@code null} for none
   */
  public ProtocolEvaluator(PluginLookup plugins, PrintStream progress) {
    this(plugins, progress, RESCORING_DRAWS);
  }

  private ProtocolEvaluator(PluginLookup plugins, PrintStream progress, int rescoringDraws) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.progress = progress;
    this.rescoringDraws = requireDraws(rescoringDraws);
  }

  /**
   * This evaluator with each decision on a randomized defense drawn {@code draws} times (the
   * re-scoring permutation draws of coded-smoothing's randomized inference); a deterministic
   * defense is still decided once.
   *
   * @throws IllegalArgumentException when {@code draws} is below 1
   */
  public ProtocolEvaluator withRescoringDraws(int draws) {
    return new ProtocolEvaluator(plugins, progress, draws);
  }

  /** How many times each decision on a randomized defense is drawn. */
  public int rescoringDraws() {
    return rescoringDraws;
  }

  /**
   * Returns {@code draws} when it is at least 1.
   *
   * @throws IllegalArgumentException naming the re-scoring draws otherwise
   */
  public static int requireDraws(int draws) {
    if (draws < 1) {
      throw new IllegalArgumentException(
          "the re-scoring draws must be at least 1, got " + draws);
    }
    return draws;
  }

  /**
   * Runs the attacks of {@code protocols} on {@code trained}: the papers' attacks of {@code
   * suite} on the training loss, then on the adaptive objective, then the standard suite's, then
   * the codeword protocol's (each that {@code protocols} names).
   *
   * @throws IllegalArgumentException for unknown attacks or objectives, or no protocol
   */
  public DefenseReport evaluate(
      TrainedDefense trained, AttackSuite suite, List<Protocol> protocols) {
    if (protocols.isEmpty()) {
      throw new IllegalArgumentException("an evaluation needs at least one protocol");
    }
    Objective loss = plugins.find(Objective.class, "loss");
    List<AttackRun> runs = runs(trained, suite, protocols, loss);
    if (progress != null) {
      progress.printf("evaluating %s: %s%n", trained.label(),
          String.join(", ", runs.stream().map(AttackRun::name).toList()));
    }
    EvaluationPlan plan = PlanBuilder.forDataset(trained.dataset().name(),
            trained.dataset().shape().channels(), trained.dataset().test().size())
        .attacks(runs).objective(loss).epsilons(suite.epsilons()).steps(suite.steps())
        .samples(suite.samples()).batchSize(suite.batchSize()).seed(suite.seed()).build();
    Rescoring rescoring = rescoring(trained.design(), rescoringDraws);
    EvaluationResult result =
        new Evaluator(progress == null ? null : new PrintWriter(progress, true), rescoring)
            .evaluate(trained.network(), trained.decoder(), firstChoice(trained, plugins),
                trained.dataset().test(), plan);
    return new DefenseReport(trained.label(), result, protocols,
        provenance(trained, suite, protocols, runs, rescoring, plugins));
  }

  /**
   * How the evaluator decides on {@code design}'s deployed network: in batches of its coupled
   * batch, each decision drawn {@value #RESCORING_DRAWS} times when it is randomized; {@link
   * Rescoring#NONE} for a deterministic defense deciding each sample alone.
   */
  public static Rescoring rescoring(PreparedDefense design) {
    return rescoring(design, RESCORING_DRAWS);
  }

  /**
   * As {@link #rescoring(PreparedDefense)}, each decision on a randomized defense drawn {@code
   * draws} times.
   *
   * @throws IllegalArgumentException when {@code draws} is below 1
   */
  public static Rescoring rescoring(PreparedDefense design, int draws) {
    requireDraws(draws);
    return new Rescoring(design.coupledBatch(), design.randomized() ? draws : 1);
  }

  /**
   * The deployed decoder's rule under its {@link Decoder#firstChoiceOptions}, bound to the
   * defense's codebooks: the first choice among the class codewords, rejection ignored.
   */
  static PreparedDecoder firstChoice(TrainedDefense trained, PluginLookup plugins) {
    PreparedDefense design = trained.design();
    Decoder decoder = plugins.find(Decoder.class, design.decoder());
    return DefenseTrainer.bind(
        decoder, design, decoder.firstChoiceOptions(design.decoderOptions()));
  }

  /** The runs of the protocols: papers', adaptive, standard suite, codewords. */
  private List<AttackRun> runs(
      TrainedDefense trained, AttackSuite suite, List<Protocol> protocols, Objective loss) {
    List<AttackRun> runs = new ArrayList<>();
    if (protocols.contains(Protocol.PAPERS)) {
      for (String name : suite.attacks()) {
        runs.add(AttackRun.of(plugins.find(Attack.class, name), Map.of()).on(loss));
      }
    }
    if (protocols.contains(Protocol.ADAPTIVE)) {
      String adaptive = trained.design().adaptiveObjective();
      Objective objective = plugins.find(Objective.class, adaptive);
      for (String name : suite.attacks()) {
        runs.add(AttackRun.of(plugins.find(Attack.class, name), Map.of())
            .named(name + "-" + adaptive).on(objective));
      }
    }
    if (protocols.contains(Protocol.STANDARD)) {
      runs.addAll(suite.standard().runs(plugins, loss, trained.design().adaptiveObjective(),
          trained.dataset().classes(), runs.isEmpty(), trained.design().randomized()));
    }
    if (protocols.contains(Protocol.CODEWORDS)) {
      runs.addAll(codewordRuns(suite.standard(), trained.dataset().classes(), runs.isEmpty()));
    }
    return runs;
  }

  /**
   * The codeword protocol's runs: APGD on {@code codeword-margin}, untargeted, then at each of
   * the standard suite's top wrong classes; each only on the samples still unbroken, except a
   * first run of the evaluation.
   */
  private List<AttackRun> codewordRuns(StandardSuite settings, int classes, boolean first) {
    Attack apgd = plugins.find(Attack.class, "apgd");
    Objective codeword = plugins.find(Objective.class, "codeword-margin");
    AttackRun untargeted = AttackRun.of(apgd, Map.of()).named("apgd-codeword").on(codeword)
        .withSteps(settings.steps());
    AttackRun targeted = AttackRun.of(apgd, Map.of()).named("apgd-codeword-t").on(codeword)
        .targeted(TargetSelection.top(Math.min(settings.targets(), classes - 1)))
        .withSteps(settings.steps()).skippingBroken();
    return List.of(first ? untargeted : untargeted.skippingBroken(), targeted);
  }

  /**
   * Plugins with their versions, options (every value in effect: the backend's defaults, so the
   * device is recorded, and the defense's and its codebook generator's derived values, named as
   * derived), seeds, data and versions of a trained defense and its attacks.
   */
  static Map<String, Object> provenance(TrainedDefense trained, AttackSuite suite,
      List<Protocol> protocols, List<AttackRun> runs, Rescoring rescoring,
      PluginLookup plugins) {
    return ProvenanceJson.evaluation(
        TrainingProvenance.of(trained, plugins), suite, protocols, runs, rescoring, plugins);
  }
}
