package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.evaluation.DecodedSamples;
import org.ecoc4j.evaluation.ImageTransform;
import org.ecoc4j.evaluation.OodReport;
import org.ecoc4j.evaluation.OodResult;
import org.ecoc4j.evaluation.OutOfDistribution;
import org.ecoc4j.evaluation.PlanBuilder;
import org.ecoc4j.evaluation.ThresholdCurve;
import org.ecoc4j.evaluation.ThresholdCurveFiles;
import org.ecoc4j.experiments.AttackSuite;
import org.ecoc4j.experiments.CatalogPlugins;
import org.ecoc4j.experiments.ComparisonReport;
import org.ecoc4j.experiments.ComparisonTable;
import org.ecoc4j.experiments.DefenseReport;
import org.ecoc4j.experiments.ModelLoader;
import org.ecoc4j.experiments.Protocol;
import org.ecoc4j.experiments.ProtocolEvaluator;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.BackendSelector;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.store.DefenseModelFiles;
import org.ecoc4j.store.ImportedGraph;
import org.ecoc4j.store.ModelDirectory;
import org.ecoc4j.store.SavedModelAgreement;
import org.ecoc4j.store.SavedModel;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginKinds;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j evaluate --model DIR}: loads a model directory written by {@code ecoc4j train}
 * and runs the papers' attacks on the training loss and the standard suite ({@code standard-v1}),
 * with the same plan defaults as {@code ecoc4j attack} (radii and steps from the dataset, seed,
 * batch size), printing the table with the worst case across both and writing the report; on
 * request also the accuracy-reliability curve over the rejection threshold ({@code
 * --threshold-curve}) and the rejection of out-of-distribution images ({@code --ood}).
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Attack a trained model directory under the papers' and the adaptive protocol.")
public final class EvaluateCommand implements Runnable {

  /** The {@code --ood} name of uniform-noise images. */
  static final String NOISE = "noise";

  private final Provider<PluginCatalog> catalog;
  private final Provider<PluginOptionResolver> resolver;
  private final Provider<BackendSelector> selector;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Model directory written by 'ecoc4j train'.")
  private Path model;

  @Option(names = "--attacks", split = ",", defaultValue = "fgsm,pgd,mim",
      paramLabel = "NAME",
      description = "The papers' attacks, comma-separated (default: ${DEFAULT-VALUE}); the "
          + "standard suite's are fixed (standard-v1).")
  private List<String> attacks;

  @Option(names = "--epsilons", split = ",",
      paramLabel = "EPS",
      description = "L-infinity radii, comma-separated (default: the dataset's, as in 'ecoc4j "
          + "attack': 0.05,0.1 for MNIST-like data, 4/255,8/255 for CIFAR-10).")
  private List<Double> epsilons;

  @Option(names = "--steps", paramLabel = "N",
      description = "Iterations of the papers' iterative attacks (default: the dataset's: 40 "
          + "for MNIST-like data, 10 for CIFAR-10).")
  private Integer steps;

  @Option(names = "--batch-size", paramLabel = "N",
      defaultValue = "" + PlanBuilder.BATCH_SIZE,
      description = "Images per batch (default: ${DEFAULT-VALUE}).")
  private int batch;

  @Option(names = "--samples", defaultValue = "1000", paramLabel = "N",
      description = "Test samples attacked, the first ones (default: ${DEFAULT-VALUE}).")
  private int samples;

  @Option(names = "--protocol", defaultValue = "both", paramLabel = "P",
      description = "papers (their attacks on the training loss), adaptive (the papers' "
          + "attacks on the defense's adaptive objective, e.g. the margin of its class scores), "
          + "standard (the standard-v1 suite), codewords (APGD on codeword-margin, untargeted "
          + "and at the top wrong codewords: for decoders that accept only whole codewords) or "
          + "both (papers and standard), comma-separated (default: ${DEFAULT-VALUE}; the worst "
          + "case is taken across all).")
  private String protocol;

  @Option(names = "--seed", defaultValue = "" + PlanBuilder.SEED, paramLabel = "S",
      description = "Seed of the attacks' random choices (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--draws", defaultValue = "" + ProtocolEvaluator.RESCORING_DRAWS,
      paramLabel = "N",
      description = "For a randomized defense (coded-smoothing with inference=rci): how many "
          + "times each clean and adversarial decision is drawn; the worst case over draws is "
          + "reported, the mean beside it (default: ${DEFAULT-VALUE}; recorded in the report).")
  private int draws;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder with the dataset's files (default: the bundled sample).")
  private Path dataDir;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the report.")
  private Path out;

  @Option(names = "--threshold-curve", arity = "0..1", fallbackValue = "", paramLabel = "DELTAS",
      description = "Also write the accuracy-reliability curve over the decoder's rejection "
          + "threshold Delta (threshold-curve.csv, accuracy-reliability.png), from one pass of "
          + "the clean test samples; optional comma-separated thresholds in [0, 1] (default "
          + "0, 0.05, ..., 1).")
  private String thresholdCurve;

  @Option(names = "--ood", split = ",", paramLabel = "NAME",
      description = "Out-of-distribution rejection (ood.json, ood.csv): the test split of each "
          + "named dataset, or 'noise' for uniform-noise images in the model's input shape, fed "
          + "to the model; comma-separated.")
  private List<String> ood;

  @Option(names = "--ood-transform", split = ",", paramLabel = "T",
      description = "Transforms converting the --ood datasets' images to the model's input "
          + "shape, in order: resize, replicate (one channel to all), grayscale; without them "
          + "a dataset of another shape is refused. Recorded in the report.")
  private List<String> oodTransforms;

  @Option(names = "--ood-data-dir", paramLabel = "NAME=DIR",
      description = "Folder with an --ood dataset's files (default: its bundled sample).")
  private Map<String, Path> oodDataDirs;

  @Option(names = "--ood-samples", paramLabel = "N",
      description = "Out-of-distribution images per source, the first ones (default: "
          + "--samples).")
  private Integer oodSamples;

  @Mixin private BackendOptionMixin backend;

  /** Creates the command. */
  @Inject
  public EvaluateCommand(
      Provider<PluginCatalog> catalog,
      Provider<PluginOptionResolver> resolver,
      Provider<BackendSelector> selector,
      LaunchEnvironment environment,
      Console console) {
    this.catalog = catalog;
    this.resolver = resolver;
    this.selector = selector;
    this.environment = environment;
    this.console = console;
  }

  /** Loads, attacks, prints and writes. */
  @Override
  public void run() {
    Path folder = OutputFolders.writable(spec, environment, out);
    DistinctValues.require(spec, "--attacks", DistinctValues.names(attacks));
    if (epsilons != null) {
      DistinctValues.require(spec, "--epsilons", DistinctValues.radii(epsilons));
      try {
        epsilons.forEach(Budget::requireEpsilon);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), e.getMessage());
      }
    }
    List<Protocol> protocols = protocols();
    try {
      ProtocolEvaluator.requireDraws(draws);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--draws: " + e.getMessage());
    }
    List<Double> deltas = deltas();
    List<ImageTransform> transforms = transforms();
    SavedModel saved = ModelDirectory.read(environment.resolve(model));
    if (!saved.verified()) {
      console.error(saved.unverifiedWarning());
    }
    PlanBuilder defaults = PlanBuilder.forDataset(saved.description().dataset().name(),
        saved.description().spec().input().channels(), samples)
        .epsilons(epsilons).steps(steps);
    AttackSuite suite;
    try {
      suite = new AttackSuite(attacks, defaults.epsilons(), defaults.steps(), samples, batch, seed);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Map<String, String> datasetOptions = datasetOptions(saved);
    PluginRegistry<Backend> backends = catalog.get().registry(PluginKinds.BACKEND);
    PluginEntry<Backend> backendEntry = backend.forSavedModel(selector.get(), backends, saved);
    Map<String, String> backendOptions =
        resolver.get().resolve(
            backends, backendEntry, ImportedGraph.backendOptions(saved)).raw();
    CatalogPlugins plugins = new CatalogPlugins(catalog.get());
    List<DefenseReport> reports = new ArrayList<>();
    OptionalDouble validation = DefenseModelFiles.validationFraction(saved);
    try (TrainedDefense loaded =
        new ModelLoader(plugins).leavingOutValidation(validation).load(
            DefenseModelFiles.request(saved).withBackend(backendEntry.name(), backendOptions),
            saved.description().dataset().name(), datasetOptions, saved.codebooks(),
            DefenseModelFiles.codeTables(saved), saved.checkpoint())) {
      SavedModelAgreement.require(saved, loaded);
      validation.ifPresent(f -> ValidationNotes.report(console, saved, loaded.dataset(),
          "evaluating on the " + loaded.dataset().test().size() + " test images not held out to"
              + " select the model's epoch (validation fraction " + f + ", recorded in its"
              + " model.json)"));
      reports.add(new ProtocolEvaluator(plugins, System.err).withRescoringDraws(draws)
          .evaluate(loaded, suite, protocols));
      ComparisonReport.write(folder, "Evaluation of " + model, reports);
      ComparisonTable table = ComparisonTable.of(reports);
      StringBuilder text = new StringBuilder(table.text())
          .append(String.join("\n", table.brokenBy())).append('\n')
          .append(String.join("\n", table.medianL2()));
      if (deltas != null) {
        ThresholdCurve curve = ThresholdCurve.of(DecodedSamples.decode(loaded.network(),
            loaded.decoder(), loaded.dataset().test(), true, samples, batch), deltas);
        ThresholdCurveFiles.write(folder, curve, "Accuracy and reliability of " + model);
        text.append("\naccuracy-reliability curve over ").append(curve.points().size())
            .append(" thresholds: ").append(ThresholdCurveFiles.CSV);
      }
      if (ood != null) {
        List<OodResult> results = outOfDistribution(loaded, plugins, transforms);
        OodReport.write(folder, results, oodProvenance(loaded, transforms));
        results.forEach(r -> text.append('\n').append(OodReport.summary(r)));
      }
      console.print(text + "\nreport: " + out);
    }
  }

  /** The thresholds of {@code --threshold-curve}, or {@code null} when it is not given. */
  private List<Double> deltas() {
    if (thresholdCurve == null) {
      return null;
    }
    if (thresholdCurve.isBlank()) {
      return ThresholdCurve.DEFAULT_DELTAS;
    }
    List<Double> values = new ArrayList<>();
    for (String text : thresholdCurve.split(",")) {
      try {
        double delta = Double.parseDouble(text.trim());
        ThresholdCurve.requireDelta(delta);
        values.add(delta);
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--threshold-curve: "
            + (e instanceof NumberFormatException ? "'" + text + "' is not a number"
                : e.getMessage()));
      }
    }
    return values;
  }

  private List<ImageTransform> transforms() {
    if (oodTransforms == null) {
      return List.of();
    }
    if (ood == null) {
      throw new ParameterException(spec.commandLine(), "--ood-transform needs --ood");
    }
    try {
      return oodTransforms.stream().map(ImageTransform::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--ood-transform: " + e.getMessage());
    }
  }

  /**
   * Feeds each {@code --ood} source to the loaded model: a dataset's test split through the named
   * transforms, or uniform noise of the model's input shape drawn from {@code --seed}.
   */
  private List<OodResult> outOfDistribution(
      TrainedDefense loaded, CatalogPlugins plugins, List<ImageTransform> transforms) {
    int count = oodSamples == null ? samples : oodSamples;
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--ood-samples must be positive, got "
          + count);
    }
    List<OodResult> results = new ArrayList<>();
    for (String name : ood) {
      try {
        if (name.equals(NOISE)) {
          Split noise =
              OutOfDistribution.noise(loaded.network().spec().input(), count, seed);
          results.add(OutOfDistribution.measure(loaded.network(), loaded.decoder(),
              noise.name(), noise, List.of(), count, batch, ThresholdCurve.DEFAULT_DELTAS));
        } else {
          Dataset other = plugins.find(DatasetProvider.class, name).open(oodOptions(name));
          results.add(OutOfDistribution.measure(loaded.network(), loaded.decoder(),
              name + " test", other.test(), transforms, count, batch,
              ThresholdCurve.DEFAULT_DELTAS));
        }
      } catch (IllegalArgumentException e) {
        throw new ParameterException(spec.commandLine(), "--ood " + name + ": " + e.getMessage());
      }
    }
    return results;
  }

  /** The options an {@code --ood} dataset is opened with: the configuration's, then its folder. */
  private Map<String, String> oodOptions(String name) {
    PluginRegistry<DatasetProvider> datasets = catalog.get().registry(PluginKinds.DATASET);
    PluginEntry<DatasetProvider> entry = datasets.require(name);
    Map<String, String> given =
        new LinkedHashMap<>(resolver.get().resolve(datasets, entry, Map.of()).raw());
    if (oodDataDirs != null && oodDataDirs.containsKey(name)) {
      given.put("data-dir", environment.resolve(oodDataDirs.get(name)).toString());
    }
    return resolver.get().resolve(datasets, entry, given).options().asText();
  }

  private Map<String, Object> oodProvenance(
      TrainedDefense loaded, List<ImageTransform> transforms) {
    Map<String, Object> provenance = new LinkedHashMap<>();
    provenance.put("model", environment.resolve(model).toString());
    provenance.put("defense", loaded.label());
    provenance.put("decoder", loaded.design().decoder());
    provenance.put("decoderOptions", loaded.design().decoderOptions());
    provenance.put("dataset", loaded.dataset().name());
    provenance.put("sources", ood);
    provenance.put("transforms", transforms.stream().map(ImageTransform::label).toList());
    provenance.put("dataDirs", oodDataDirs == null ? Map.of()
        : oodDataDirs.entrySet().stream().collect(java.util.stream.Collectors.toMap(
            Map.Entry::getKey, e -> environment.resolve(e.getValue()).toString())));
    provenance.put("samples", oodSamples == null ? samples : oodSamples);
    provenance.put("noiseSeed", seed);
    return provenance;
  }

  /**
   * The options the model's dataset is opened with: those it was trained with, under the
   * configuration's ({@code ecoc4j.dataset.<name>.<option>}), under {@code --data-dir}.
   */
  private Map<String, String> datasetOptions(SavedModel saved) {
    PluginRegistry<DatasetProvider> datasets = catalog.get().registry(PluginKinds.DATASET);
    PluginEntry<DatasetProvider> entry = datasets.require(saved.description().dataset().name());
    Map<String, String> given = new LinkedHashMap<>(saved.description().dataset().options());
    given.putAll(resolver.get().resolve(datasets, entry, Map.of()).raw());
    if (dataDir != null) {
      given.put("data-dir", environment.resolve(dataDir).toString());
    }
    return resolver.get().resolve(datasets, entry, given).options().asText();
  }

  private List<Protocol> protocols() {
    java.util.Set<Protocol> chosen = java.util.EnumSet.noneOf(Protocol.class);
    for (String word : protocol.split(",")) {
      switch (word.trim()) {
        case "both" -> chosen.addAll(Protocol.BOTH);
        case "papers" -> chosen.add(Protocol.PAPERS);
        case "adaptive" -> chosen.add(Protocol.ADAPTIVE);
        case "standard" -> chosen.add(Protocol.STANDARD);
        case "codewords" -> chosen.add(Protocol.CODEWORDS);
        default -> throw new ParameterException(spec.commandLine(),
            "--protocol takes adaptive, papers, standard, codewords or both, comma-separated,"
                + " got '" + word.trim() + "' in '" + protocol + "'");
      }
    }
    return List.copyOf(chosen);
  }

}
