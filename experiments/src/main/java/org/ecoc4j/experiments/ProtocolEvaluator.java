package org.ecoc4j.experiments;



import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.plugin.Options;
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
   * Plugins, options (every value in effect: the backend's defaults, so the device is recorded,
   * and the defense's and its codebook generator's derived values, named as derived), seeds,
   * data, versions of a trained defense and its attacks.
   */
  static Map<String, Object> provenance(
      TrainedDefense trained, AttackSuite suite, PluginLookup plugins) {
    TrainingRequest r = trained.request();
    Backend backend = plugins.find(Backend.class, r.backend());
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("defense", trained.design().name());
    p.put("defenseOptions", trained.design().options());
    p.put("defenseDerivedOptions", trained.design().derivedOptions());
    trained.design().codebookOrigin()
        .ifPresent(origin -> p.put("codebooks", CodebookProvenance.of(origin)));
    p.put("codebookSeed", r.seed());
    p.put("members", trained.design().members());
    p.put("outputsPerMember", trained.design().outputsPerMember());
    p.put("loss", trained.design().loss().toString());
    p.put("decoder", trained.design().decoder());
    p.put("decoderOptions", trained.design().decoderOptions());
    p.put("adaptiveObjective", trained.design().adaptiveObjective());
    p.put("architecture", r.architecture());
    p.put("backend", r.backend());
    p.put("backendOptions", Options.parse(backend.options(), r.backendOptions()).asText());
    p.put("training", TrainingProvenance.of(r.config()));
    p.put("trainingSeconds", trained.seconds());
    p.put("dataset", trained.dataset().name());
    p.put("datasetSource", trained.dataset().source());
    p.put("attacks", suite.attacks());
    p.put("epsilons", suite.epsilons());
    p.put("steps", suite.steps());
    p.put("stepSize",
        "reference (pgd 2.5 epsilon / steps, bim 1.25 epsilon / steps, mim epsilon / steps)");
    p.put("attackSeed", suite.seed());
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("ecoc4j", version(ProtocolEvaluator.class));
    versions.put("defense " + trained.design().name(), version(trained.design().getClass()));
    versions.put("backend " + r.backend(), version(backend.getClass()));
    for (String attack : suite.attacks()) {
      versions.put("attack " + attack, version(plugins.find(Attack.class, attack).getClass()));
    }
    versions.put("java", System.getProperty("java.version"));
    versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    p.put("versions", versions);
    return p;
  }

  /** The version of the module a plugin class comes from, or {@code unknown}. */
  private static String version(Class<?> type) {
    ModuleDescriptor descriptor = type.getModule().getDescriptor();
    return descriptor == null
        ? "unknown"
        : descriptor.version().map(Object::toString).orElse("unknown");
  }
}
