package org.ecoc4j.experiments;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.module.ModuleDescriptor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.plugin.Options;
import org.ecoc4j.evaluation.AttackRun;
import org.ecoc4j.evaluation.EvaluationPlan;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.Evaluator;
import org.ecoc4j.evaluation.PlanBuilder;

/**
 * Evaluates a trained defense under the papers' protocol and ecoc4j's standard suite in one
 * evaluation, so that the per-sample worst case runs across both, each adversarial example
 * re-scored on the deployed decoder.
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
   * Runs the attacks of {@code protocols} on {@code trained}: the papers' attacks of {@code
   * suite} on the training loss, then the standard suite's.
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
    EvaluationResult result =
        new Evaluator(progress == null ? null : new PrintWriter(progress, true))
            .evaluate(trained.network(), trained.decoder(), trained.dataset().test(), plan);
    return new DefenseReport(trained.label(), result, protocols,
        provenance(trained, suite, protocols, runs, plugins));
  }

  /** The runs of the protocols, papers' first. */
  private List<AttackRun> runs(
      TrainedDefense trained, AttackSuite suite, List<Protocol> protocols, Objective loss) {
    List<AttackRun> runs = new ArrayList<>();
    if (protocols.contains(Protocol.PAPERS)) {
      for (String name : suite.attacks()) {
        runs.add(AttackRun.of(plugins.find(Attack.class, name), Map.of()).on(loss));
      }
    }
    if (protocols.contains(Protocol.STANDARD)) {
      runs.addAll(suite.standard().runs(plugins, loss, trained.design().adaptiveObjective(),
          trained.dataset().classes(), runs.isEmpty()));
    }
    return runs;
  }

  /**
   * Plugins, options (every value in effect: the backend's defaults, so the device is recorded,
   * and the defense's and its codebook generator's derived values, named as derived), seeds,
   * data, versions of a trained defense and its attacks.
   */
  static Map<String, Object> provenance(TrainedDefense trained, AttackSuite suite,
      List<Protocol> protocols, List<AttackRun> runs, PluginLookup plugins) {
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
    p.put("protocols", protocols.stream().map(Protocol::word).toList());
    p.put("attacks", suite.attacks());
    if (protocols.contains(Protocol.STANDARD)) {
      p.put("standardSuite", suite.standard().provenance());
    }
    p.put("runs", runs.stream().map(ProtocolEvaluator::run).toList());
    p.put("epsilons", suite.epsilons());
    p.put("steps", suite.steps());
    p.put("stepSize",
        "reference (pgd 2.5 epsilon / steps, bim 1.25 epsilon / steps, mim epsilon / steps)");
    p.put("attackSeed", suite.seed());
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("ecoc4j", version(ProtocolEvaluator.class));
    versions.put("defense " + trained.design().name(), version(trained.design().getClass()));
    versions.put("backend " + r.backend(), version(backend.getClass()));
    for (AttackRun run : runs) {
      versions.put("attack " + run.attack().name(), version(run.attack().getClass()));
    }
    versions.put("java", System.getProperty("java.version"));
    versions.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
    p.put("versions", versions);
    return p;
  }

  /** One run as provenance records it: label, attack, options, objective, goal, steps. */
  private static Map<String, Object> run(AttackRun run) {
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("label", run.name());
    r.put("attack", run.attack().name());
    r.put("options", new TreeMap<>(run.options()));
    r.put("objective", run.objective() == null ? "loss" : run.objective().name());
    r.put("goal", run.goal() == null ? "untargeted" : run.goal().name().toLowerCase(Locale.ROOT));
    if (run.targets() != null) {
      r.put("targets", run.targets().label());
    }
    if (run.steps() > 0) {
      r.put("steps", run.steps());
    }
    r.put("onlyUnbroken", run.onlyUnbroken());
    return r;
  }

  /** The version of the module a plugin class comes from, or {@code unknown}. */
  private static String version(Class<?> type) {
    ModuleDescriptor descriptor = type.getModule().getDescriptor();
    return descriptor == null
        ? "unknown"
        : descriptor.version().map(Object::toString).orElse("unknown");
  }
}
