package org.ecoc4j.experiments;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.codebook.CodebookOrigin;
import org.ecoc4j.api.plugin.ModuleVersions;
import org.ecoc4j.evaluation.AttackRun;
import org.ecoc4j.evaluation.Rescoring;

/**
 * The one writer of provenance: a {@link TrainingProvenance} as JSON-ready maps, the same keys in
 * a model directory's {@code model.json} and in every evaluation report.
 *
 * <p>Keys: {@code defense} ({@code name}, {@code version}, {@code options}, {@code
 * derivedOptions}, {@code seed}, {@code codebooks}, {@code loss}, {@code adaptiveObjective},
 * {@code members}, {@code outputsPerMember}), {@code decoder}, {@code backend} (each {@code name},
 * {@code version}, {@code options}), {@code architecture}, {@code checkpointFormat}, {@code data}
 * ({@code name}, {@code source}, {@code options}, {@code trainSamples}, {@code testSamples},
 * {@code generationSamples}, {@code validationSamples}, and {@code validationFraction} only
 * when a validation split was held out), {@code training} (the configuration),
 * {@code trainingSeconds}, {@code history} (per epoch), {@code selectedEpoch} (only after model
 * selection on the validation split) and
 * {@code versions} ({@code ecoc4j}, {@code java}, {@code os}); an evaluation adds {@code
 * attackSuite}.
 */
public final class ProvenanceJson {

  private ProvenanceJson() {}

  /** The provenance of a trained defense. */
  public static Map<String, Object> of(TrainingProvenance p) {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> defense = new LinkedHashMap<>();
    defense.put("name", p.defense().name());
    defense.put("version", p.defense().version());
    defense.put("options", new TreeMap<>(p.defense().options()));
    defense.put("derivedOptions", p.defense().derived());
    defense.put("seed", p.codebookSeed());
    p.codebooks().ifPresent(origin -> defense.put("codebooks", codebooks(origin)));
    defense.put("loss", p.loss());
    defense.put("adaptiveObjective", p.adaptiveObjective());
    defense.put("members", p.members());
    defense.put("outputsPerMember", p.outputsPerMember());
    m.put("defense", defense);
    m.put("decoder", plugin(p.decoder()));
    m.put("architecture", p.architecture());
    m.put("backend", plugin(p.backend()));
    m.put("checkpointFormat", p.checkpointFormat());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", p.data().name());
    data.put("source", p.data().source());
    data.put("options", new TreeMap<>(p.data().options()));
    data.put("trainSamples", p.data().trainSamples());
    data.put("testSamples", p.data().testSamples());
    data.put("generationSamples", p.data().generationSamples());
    data.put("validationSamples", p.data().validationSamples());
    if (p.data().validationFraction() > 0) {
      data.put("validationFraction", p.data().validationFraction());
    }
    m.put("data", data);
    m.put("training", training(p.training()));
    m.put("trainingSeconds", p.trainingSeconds());
    m.put("history", p.history().stream().map(ProvenanceJson::epoch).toList());
    p.selectedEpoch().ifPresent(e -> m.put("selectedEpoch", e));
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("ecoc4j", p.runtime().ecoc4j());
    versions.put("java", p.runtime().java());
    versions.put("os", p.runtime().os());
    m.put("versions", versions);
    return m;
  }

  /**
   * The provenance of an evaluation of a trained defense: {@link #of} and the {@code attackSuite}
   * ({@code attacks} with their versions, {@code epsilons}, {@code steps}, {@code stepSize},
   * {@code samples}, {@code seed}, the {@code protocols} evaluated, the {@code standardSuite}'s
   * settings when it ran, every {@code run} with its label, objective, goal and targets, and the
   * {@code rescoring}: its {@code coupledBatch} and {@code draws}, how many times each decision
   * was drawn, 1 for a deterministic defense).
   */
  public static Map<String, Object> evaluation(
      TrainingProvenance p,
      AttackSuite suite,
      List<Protocol> protocols,
      List<AttackRun> runs,
      Rescoring rescoring,
      PluginLookup plugins) {
    Map<String, Object> m = of(p);
    Map<String, Object> attacks = new LinkedHashMap<>();
    List<Map<String, Object>> used = new ArrayList<>();
    for (String attack : runs.stream().map(r -> r.attack().name()).distinct().toList()) {
      Map<String, Object> one = new LinkedHashMap<>();
      one.put("name", attack);
      one.put("version", ModuleVersions.text(plugins.find(Attack.class, attack).getClass()));
      used.add(one);
    }
    attacks.put("attacks", used);
    attacks.put("epsilons", suite.epsilons());
    attacks.put("steps", suite.steps());
    attacks.put(
        "stepSize",
        "reference (pgd 2.5 epsilon / steps, bim 1.25 epsilon / steps, mim epsilon / steps)");
    attacks.put("samples", suite.samples());
    attacks.put("seed", suite.seed());
    attacks.put("protocols", protocols.stream().map(Protocol::word).toList());
    if (protocols.contains(Protocol.STANDARD)) {
      attacks.put("standardSuite", suite.standard().provenance());
    }
    if (protocols.contains(Protocol.CODEWORDS)) {
      attacks.put("codewordProtocol", Map.of("objective", "codeword-margin",
          "steps", suite.standard().steps(), "targets", suite.standard().targets(),
          "order", List.of("apgd-codeword (untargeted)", "apgd-codeword-t (top wrong classes)")));
    }
    attacks.put("runs", runs.stream().map(ProvenanceJson::run).toList());
    Map<String, Object> drawn = new LinkedHashMap<>();
    drawn.put("coupledBatch", rescoring.coupledBatch());
    drawn.put("draws", rescoring.draws());
    attacks.put("rescoring", drawn);
    m.put("attackSuite", attacks);
    return m;
  }

  /** One run as provenance records it: label, attack, options, objective, goal, targets, steps. */
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

  /**
   * The training configuration's fields by name (the schedule by its kind), as {@code
   * provenance.training} holds them.
   */
  public static Map<String, Object> training(TrainingConfig c) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epochs", c.epochs());
    m.put("batchSize", c.batchSize());
    m.put("learningRate", c.learningRate());
    m.put("weightDecay", c.weightDecay());
    m.put("beta1", c.beta1());
    m.put("beta2", c.beta2());
    m.put("epsilon", c.epsilon());
    m.put("seed", c.seed());
    m.put("shuffle", c.shuffle());
    m.put("schedule", c.schedule().kind().name().toLowerCase(Locale.ROOT));
    return m;
  }

  /**
   * Where codebooks came from: {@code generator}, {@code classes}, {@code length} (or {@code
   * "generator default"}), {@code members}, {@code seed}, {@code options} (every value in effect)
   * and {@code derived} (the names of the derived ones).
   */
  private static Map<String, Object> codebooks(CodebookOrigin origin) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("generator", origin.generator());
    m.put("classes", origin.spec().classes());
    m.put(
        "length",
        origin.spec().length().isPresent()
            ? (Object) origin.spec().length().getAsInt()
            : "generator default");
    m.put("members", origin.spec().members());
    m.put("seed", origin.spec().seed());
    m.put("options", origin.options().asText());
    m.put("derived", origin.options().derived());
    return m;
  }

  private static Map<String, Object> plugin(TrainingProvenance.PluginUse use) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("name", use.name());
    m.put("version", use.version());
    m.put("options", new TreeMap<>(use.options()));
    return m;
  }

  /**
   * One epoch of the {@code history}: {@code epoch}, {@code trainLoss}, {@code trainAccuracy},
   * {@code testAccuracy} ({@code null} without test data) and {@code validationAccuracy} ({@code
   * null} without a validation split).
   */
  public static Map<String, Object> epoch(EpochSummary e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("epoch", e.epoch());
    m.put("trainLoss", e.trainLoss());
    m.put("trainAccuracy", e.trainAccuracy());
    m.put("testAccuracy", Double.isNaN(e.testAccuracy()) ? null : e.testAccuracy());
    m.put("validationAccuracy",
        Double.isNaN(e.validationAccuracy()) ? null : e.validationAccuracy());
    return m;
  }
}
