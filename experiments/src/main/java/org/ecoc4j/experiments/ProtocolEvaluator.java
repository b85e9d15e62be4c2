package org.ecoc4j.experiments;



import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.evaluation.AttackRun;
import org.ecoc4j.evaluation.EvaluationPlan;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.Evaluator;

/**
 * Evaluates a trained defense under the papers' protocol and the adaptive one with the same
 * attacks, each adversarial example re-scored on the deployed decoder.
 */
public final class ProtocolEvaluator {

  private final PluginLookup plugins;
  private final PrintStream progress;

  /**
   * Creates an evaluator.
   *
   * @param progress where progress lines go (standard error), or {@code null} for none
   */
  public ProtocolEvaluator(PluginLookup plugins, PrintStream progress) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.progress = progress;
  }

  /**
   * Runs {@code suite} on {@code trained} under each of {@code protocols}.
   *
   * @throws IllegalArgumentException for unknown attacks or objectives
   */
  public DefenseReport evaluate(
      TrainedDefense trained, AttackSuite suite, List<Protocol> protocols) {
    List<AttackRun> runs = new ArrayList<>();
    for (String name : suite.attacks()) {
      runs.add(AttackRun.of(plugins.find(Attack.class, name), Map.of()));
    }
    Map<Protocol, EvaluationResult> results = new EnumMap<>(Protocol.class);
    for (Protocol protocol : protocols) {
      String objectiveName = protocol.objective(trained.design());
      if (progress != null) {
        progress.printf("evaluating %s under the %s protocol (objective %s)%n",
            trained.label(), protocol.word(), objectiveName);
      }
      EvaluationPlan plan =
          new EvaluationPlan(
              runs, suite.epsilons(), plugins.find(Objective.class, objectiveName), Norm.LINF,
              suite.steps(), Double.NaN, Goal.UNTARGETED, suite.samples(), suite.batchSize(),
              suite.seed(), 8);
      results.put(
          protocol,
          new Evaluator(progress == null ? null : new PrintWriter(progress, true))
              .evaluate(trained.network(), trained.decoder(), trained.dataset().test(), plan));
    }
    return new DefenseReport(trained.label(), results, provenance(trained, suite, plugins));
  }

  /**
   * Plugins with their versions, options (every value in effect: the backend's defaults, so the
   * device is recorded, and the defense's and its codebook generator's derived values, named as
   * derived), seeds, data and versions of a trained defense and its attacks.
   */
  static Map<String, Object> provenance(
      TrainedDefense trained, AttackSuite suite, PluginLookup plugins) {
    return ProvenanceJson.evaluation(TrainingProvenance.of(trained, plugins), suite, plugins);
  }
}
