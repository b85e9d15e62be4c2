package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import org.ecoc4j.api.attack.Attack;
import org.ecoc4j.api.attack.Goal;
import org.ecoc4j.api.attack.Norm;
import org.ecoc4j.api.attack.Objective;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.codebook.CodeTable;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.decoding.Decoder;
import org.ecoc4j.api.decoding.PreparedDecoder;
import org.ecoc4j.evaluation.AttackResult;
import org.ecoc4j.evaluation.AttackRun;
import org.ecoc4j.evaluation.EvaluationPlan;
import org.ecoc4j.evaluation.EvaluationResult;
import org.ecoc4j.evaluation.Evaluator;
import org.ecoc4j.evaluation.MaskingFlag;
import org.ecoc4j.evaluation.PlanBuilder;
import org.ecoc4j.evaluation.Metrics;
import org.ecoc4j.evaluation.ReportFiles;
import org.ecoc4j.evaluation.Rescoring;
import org.ecoc4j.evaluation.TargetSelection;
import org.ecoc4j.evaluation.WorstCaseResult;
import org.ecoc4j.experiments.CatalogPlugins;
import org.ecoc4j.experiments.DefenseTrainer;
import org.ecoc4j.experiments.ModelLoader;
import org.ecoc4j.experiments.ProtocolEvaluator;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.experiments.TrainingProvenance;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.BackendSelector;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.config.ResolvedOptions;
import org.ecoc4j.store.DefenseModelFiles;
import org.ecoc4j.store.ImportedGraph;
import org.ecoc4j.store.ModelDirectory;
import org.ecoc4j.store.SavedModel;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j attack}: evaluates a trained model (a model directory) against attacks at several
 * radii on a dataset's test split and writes the report (JSON, CSV, PNG plots) with provenance. The
 * summary ends with the per-sample worst case over the attacks at each radius ({@code worst-case}
 * lines). A model directory that {@code ecoc4j train} wrote is reopened as {@code ecoc4j evaluate}
 * reopens it (the recorded defense prepared again), so the {@code loss} objective is the defense's
 * own training loss; other model directories are reopened with their loss family.
 */
@Command(
    name = "attack",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
      "Attack a trained model and write a robustness report (JSON, CSV, PNG).",
      "Adversarial examples are always re-scored on the model's deployed decoder.",
      "Attack options: -O ATTACK.NAME=VALUE (e.g. -O pgd.restarts=5; the prefix may be left out",
      "when one attack runs) or configuration ecoc4j.attack.ATTACK.NAME."
    })
public final class AttackCommand implements Runnable {

  /** How provenance names the attacks' own reference step sizes. */
  static final String REFERENCE_STEP =
      "reference (pgd 2.5 epsilon / steps, bim 1.25 epsilon / steps, mim epsilon / steps)";

  private final Provider<PluginRegistry<Attack>> attacks;
  private final Provider<PluginRegistry<Objective>> objectives;
  private final Provider<PluginRegistry<Backend>> backends;
  private final Provider<PluginRegistry<Decoder>> decoders;
  private final Provider<PluginRegistry<DatasetProvider>> datasets;
  private final Provider<PluginOptionResolver> resolver;
  private final Provider<PluginCatalog> catalog;
  private final Provider<BackendSelector> selector;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Model directory (model.json, codebooks.json, checkpoint.ckpt, model.onnx).")
  private Path model;

  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "Dataset whose test split is attacked, e.g. fashion-mnist.")
  private String dataset;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder with the dataset's files (default: the bundled sample).")
  private Path dataDir;

  @Option(names = "--attacks", required = true, split = ",",
      paramLabel = "NAME",
      description = "Attacks, e.g. fgsm,pgd,square ('ecoc4j plugins list').")
  private List<String> attackNames;

  @Option(names = "--epsilons", split = ",",
      paramLabel = "EPS",
      description = "Radii of the perturbation balls, e.g. 0.05,0.1,0.3 (default: the "
          + "dataset's: 0.05,0.1 for MNIST-like data, 4/255,8/255 for CIFAR-10 and colour data).")
  private List<Double> epsilons;

  @Option(names = "--objective", paramLabel = "NAME", defaultValue = "loss",
      description = "Objective the attacks optimize: loss (the model's training loss, the "
          + "papers' protocol), cross-entropy, margin, dlr or dlr-targeted (default: "
          + "${DEFAULT-VALUE}).")
  private String objective;

  @Option(names = "--norm", paramLabel = "NORM", defaultValue = "linf",
      description = "linf or l2 (default: ${DEFAULT-VALUE}).")
  private String norm;

  @Option(names = "--steps", paramLabel = "N",
      description = "Iterations of iterative attacks (default: 40 for MNIST and Fashion-MNIST, "
          + "10 for CIFAR-10, as in the papers).")
  private Integer steps;

  @Option(names = "--step-size", paramLabel = "S",
      description = "Step size of iterative attacks (default: each attack's reference: pgd "
          + "2.5 epsilon / steps, bim 1.25 epsilon / steps, mim epsilon / steps).")
  private Double stepSize;

  @Option(names = "--targeted",
      description = "Targeted attacks, at the class --target picks.")
  private boolean targeted;

  @Option(names = "--target", paramLabel = "SELECTION",
      description = "Target of each sample with --targeted: next ((label + 1) mod classes, the "
          + "default), random (another class, from --seed), least-likely (the class with the "
          + "lowest clean posterior of the model's decoder) or top-K (one run per target among "
          + "the K other classes of highest clean posterior; a sample is broken when any run "
          + "makes the decoder accept a wrong class).")
  private String target;

  @Option(names = "--samples", paramLabel = "N",
      description = "Test images to attack, the first ones (default: the whole test split).")
  private Integer samples;

  @Option(names = "--batch-size", paramLabel = "N",
      defaultValue = "" + PlanBuilder.BATCH_SIZE,
      description = "Images per batch (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "" + PlanBuilder.SEED,
      description = "Seed of the attacks' random choices (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--examples", paramLabel = "N", defaultValue = "" + PlanBuilder.EXAMPLES,
      description = "Images shown in examples.png (default: ${DEFAULT-VALUE}).")
  private int examples;

  @Option(names = "--out", paramLabel = "DIR", defaultValue = "attack-report",
      description = "Folder of the report (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Mixin private BackendOptionMixin backend;

  @Mixin private PluginOptionsMixin pluginOptions;

  /** Creates the command. */
  @Inject
  public AttackCommand(
      Provider<PluginRegistry<Attack>> attacks,
      Provider<PluginRegistry<Objective>> objectives,
      Provider<PluginRegistry<Backend>> backends,
      Provider<PluginRegistry<Decoder>> decoders,
      Provider<PluginRegistry<DatasetProvider>> datasets,
      Provider<PluginOptionResolver> resolver,
      Provider<PluginCatalog> catalog,
      Provider<BackendSelector> selector,
      LaunchEnvironment environment,
      Console console) {
    this.catalog = catalog;
    this.selector = selector;
    this.attacks = attacks;
    this.objectives = objectives;
    this.backends = backends;
    this.decoders = decoders;
    this.datasets = datasets;
    this.resolver = resolver;
    this.environment = environment;
    this.console = console;
  }

  /** Opens model and data, runs the evaluation, writes the report and prints a summary. */
  @Override
  public void run() {
    Path folder = OutputFolders.writable(spec, environment, out);
    DistinctValues.require(spec, "--attacks", DistinctValues.names(attackNames));
    if (epsilons != null) {
      DistinctValues.require(spec, "--epsilons", DistinctValues.radii(epsilons));
    }
    if (stepSize != null) {
      OptionRanges.requirePositiveFinite(spec, "--step-size", stepSize);
    }
    SavedModel saved = ModelDirectory.read(environment.resolve(model));
    if (!saved.verified()) {
      console.error(saved.unverifiedWarning());
    }
    Map<String, Object> provenance = new LinkedHashMap<>();
    Dataset data = withoutValidation(saved, openDataset(provenance), provenance);
    ImageShape trainedOn = saved.description().spec().input();
    if (!trainedOn.equals(data.shape())) {
      throw new ParameterException(spec.commandLine(),
          "model " + model + " takes " + trainedOn + " images (its " + ModelDirectory.DESCRIPTION
              + "), dataset " + data.name() + " gives " + data.shape());
    }
    List<AttackRun> runs = prepareAttacks(provenance);
    PluginEntry<Objective> objectiveEntry = objectives.get().require(objective);
    if (target != null && !targeted) {
      throw new ParameterException(spec.commandLine(), "--target needs --targeted");
    }
    EvaluationPlan plan;
    try {
      plan = PlanBuilder.forDataset(data.name(), data.shape().channels(), data.test().size())
          .attacks(runs).objective(objectiveEntry.plugin()).epsilons(epsilons).steps(steps)
          .stepSize(stepSize).norm(Norm.parse(norm))
          .goal(targeted ? Goal.TARGETED : Goal.UNTARGETED,
              target == null ? null : TargetSelection.parse(target))
          .samples(samples).batchSize(batch).seed(seed).examples(examples).build();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    PluginRegistry<Decoder> decoderRegistry = decoders.get();
    PluginEntry<Decoder> decoderEntry =
        decoderRegistry.require(saved.description().decoder().name());
    List<CodeTable> tables = DefenseModelFiles.codeTables(saved);
    PreparedDecoder decoder = prepare(decoderEntry.plugin(), saved.codebooks(), tables,
        saved.description().decoder().options());
    PluginRegistry<Backend> backendRegistry = backends.get();
    PluginEntry<Backend> backendEntry =
        backend.forSavedModel(selector.get(), backendRegistry, saved);
    ResolvedOptions backendOptions = resolver.get().resolve(
        backendRegistry, backendEntry, ImportedGraph.backendOptions(saved));
    TrainedDefense defense = DefenseModelFiles.isDefense(saved)
        ? new ModelLoader(new CatalogPlugins(catalog.get())).load(
            DefenseModelFiles.request(saved).withBackend(backendEntry.name(), backendOptions.raw()),
            data,
            saved.codebooks(), tables, saved.checkpoint())
        : null;
    LossSpec loss = defense != null
        ? defense.design().loss() : saved.description().lossSpec(saved.codebooks());
    EvaluationResult result;
    try (TrainedNetwork network = defense != null ? defense.network()
        : backendEntry.plugin().load(saved.description().spec(), loss, saved.checkpoint(),
            backendOptions.raw())) {
      PreparedDecoder firstChoice = prepare(decoderEntry.plugin(), saved.codebooks(), tables,
          decoderEntry.plugin().firstChoiceOptions(saved.description().decoder().options()));
      result = new Evaluator(console.err(),
              defense != null ? ProtocolEvaluator.rescoring(defense.design()) : Rescoring.NONE)
          .evaluate(network, decoder, firstChoice, data.test(), plan);
    }
    provenance.put("model", Map.of(
        "directory", saved.folder().toString(),
        "spec", saved.description().spec().toString(),
        "loss", saved.description().loss(),
        "trainingLoss", loss.toString(),
        "trainedWith", saved.description().backend().name(),
        "provenance", saved.description().provenance()));
    provenance.put("decoder", plugin(decoderEntry, saved.description().decoder().options()));
    provenance.put("backend", plugin(backendEntry, backendOptions.options().asText()));
    provenance.put("objective", plugin(objectiveEntry, Map.of()));
    Map<String, Object> budget = new LinkedHashMap<>(Map.of(
        "norm", plan.norm().label(), "epsilons", plan.epsilons(), "steps", plan.steps(),
        "stepSize", stepSize == null ? REFERENCE_STEP : stepSize,
        "goal", plan.goal().name().toLowerCase(Locale.ROOT)));
    if (targeted) {
      budget.put("targets", plan.targets().label());
    }
    provenance.put("budget", budget);
    provenance.put("seed", seed);
    provenance.put("samples", result.clean().samples());
    provenance.put("batch", plan.batchSizeFor(data.test().size()));
    TrainingProvenance.Runtime runtime = TrainingProvenance.Runtime.current();
    provenance.put("versions", Map.of(
        "ecoc4j", runtime.ecoc4j(), "java", runtime.java(), "os", runtime.os()));
    ReportFiles.write(folder, result, provenance,
        "robust accuracy, " + saved.description().spec().architecture() + " on " + data.name());
    console.print(summary(result, folder));
  }

  /**
   * The saved decoder bound to the model's +1/-1 codebooks, or to its real-valued code table
   * (a contrastive ECOC model's {@code code-table.txt}) when it has no codebook.
   */
  private static PreparedDecoder prepare(Decoder decoder, List<Codebook> codebooks,
      List<CodeTable> tables, Map<String, String> options) {
    return codebooks.isEmpty() && !tables.isEmpty()
        ? decoder.prepareTables(tables, options) : decoder.prepare(codebooks, options);
  }

  private Dataset openDataset(Map<String, Object> provenance) {
    PluginRegistry<DatasetProvider> registry = datasets.get();
    PluginEntry<DatasetProvider> entry = registry.require(dataset);
    Map<String, String> given = new LinkedHashMap<>();
    if (dataDir != null) {
      given.put("data-dir", environment.resolve(dataDir).toString());
    }
    ResolvedOptions resolved = resolver.get().resolve(registry, entry, given);
    Dataset data = entry.plugin().open(resolved.raw());
    Map<String, Object> record = plugin(entry, resolved.options().asText());
    record.put("source", data.source());
    record.put("split", data.test().name());
    provenance.put("dataset", record);
    return data;
  }

  /**
   * {@code data} without the validation split that selected the model's epoch ({@code train
   * --validation}), when it is the model's own dataset: those images chose the model, so they are
   * not attacked; the report records the fraction left out ({@code dataset.validationLeftOut}).
   */
  private Dataset withoutValidation(SavedModel saved, Dataset data,
      Map<String, Object> provenance) {
    OptionalDouble fraction = DefenseModelFiles.validationFraction(saved);
    if (fraction.isEmpty() || !DefenseModelFiles.isDefense(saved)
        || !data.name().equals(saved.description().dataset().name())) {
      return data;
    }
    Dataset rest = DefenseTrainer.withoutValidation(
        data, DefenseModelFiles.request(saved).seed(), fraction.getAsDouble());
    ValidationNotes.report(console, saved, rest, "leaving out the "
        + (data.test().size() - rest.test().size()) + " test images that selected the model's"
        + " epoch (validation fraction " + fraction.getAsDouble() + "); attacking the other "
        + rest.test().size());
    @SuppressWarnings("unchecked")
    Map<String, Object> record = (Map<String, Object>) provenance.get("dataset");
    record.put("validationLeftOut", fraction.getAsDouble());
    record.put("testSamples", rest.test().size());
    return rest;
  }

  private List<AttackRun> prepareAttacks(Map<String, Object> provenance) {
    PluginRegistry<Attack> registry = attacks.get();
    List<AttackRun> runs = new ArrayList<>();
    List<Object> records = new ArrayList<>();
    Map<String, String> given = pluginOptions.values();
    for (String name : attackNames) {
      PluginEntry<Attack> entry = registry.require(name.strip());
      Map<String, String> mine;
      try {
        mine = PrefixedOptions.of(entry.name(), given, attackNames);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
      ResolvedOptions resolved = resolver.get().resolve(registry, entry, mine);
      AttackRun run = AttackRun.of(entry.plugin(), resolved.raw());
      runs.add(run);
      records.add(plugin(entry, run.options()));
    }
    provenance.put("attacks", records);
    return runs;
  }

  private static Map<String, Object> plugin(PluginEntry<?> entry, Map<String, String> options) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("name", entry.name());
    record.put("version", entry.versionText());
    record.put("origin", entry.origin().toString());
    record.put("options", new java.util.TreeMap<>(options));
    return record;
  }

  private static String summary(EvaluationResult result, Path folder) {
    StringBuilder text = new StringBuilder();
    Metrics clean = result.clean();
    text.append(String.format(Locale.ROOT, "clean accuracy %.4f on %d samples (first-choice %s,"
            + " undetectable %.4f, rejected %.4f, reliability %s)%n",
        clean.accuracy(), clean.samples(), ratio(clean.firstChoiceAccuracy()),
        clean.undetectableError(), clean.rejectionRate(), ratio(clean.reliability())));
    text.append("attack,epsilon,robust_accuracy,success_rate,rejection_rate,median_l2\n");
    for (AttackResult r : result.attacks()) {
      text.append(line(r.attack(), r.epsilon(), r.metrics(), r.medianL2()));
    }
    for (WorstCaseResult r : result.worstCase()) {
      text.append(line(WorstCaseResult.NAME, r.epsilon(), r.metrics(), Double.NaN));
    }
    for (MaskingFlag flag : result.flags()) {
      text.append("masking: ").append(flag.kind()).append(": ").append(flag.message())
          .append('\n');
    }
    text.append("report written to ").append(folder);
    return text.toString();
  }

  private static String ratio(double value) {
    return Double.isNaN(value) ? "-" : String.format(Locale.ROOT, "%.4f", value);
  }

  /** One summary line; the median L2 of successful examples is empty where undefined. */
  private static String line(String attack, double epsilon, Metrics metrics, double medianL2) {
    return String.format(Locale.ROOT, "%s,%s,%.4f,%.4f,%.4f,%s%n", attack, epsilon,
        metrics.accuracy(), metrics.successRate(), metrics.rejectionRate(),
        Double.isNaN(medianL2) ? "" : String.format(Locale.ROOT, "%.4f", medianL2));
  }
}
