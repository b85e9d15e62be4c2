package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.attack.Budget;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.evaluation.PlanBuilder;
import org.ecoc4j.experiments.AttackSuite;
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
import org.ecoc4j.launcher.io.DefenseModelFiles;
import org.ecoc4j.launcher.io.ImportedGraph;
import org.ecoc4j.launcher.io.ModelDirectory;
import org.ecoc4j.launcher.io.SavedModelAgreement;
import org.ecoc4j.launcher.io.SavedModel;
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
 * batch size), printing the table with the worst case across both and writing the report.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Attack a trained model directory under the papers' and the adaptive protocol.")
public final class EvaluateCommand implements Runnable {

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
      description = "papers (their attacks on the training loss), standard (the "
          + "standard-v1 suite) or both (default: ${DEFAULT-VALUE}; the worst case is taken "
          + "across both).")
  private String protocol;

  @Option(names = "--seed", defaultValue = "" + PlanBuilder.SEED, paramLabel = "S",
      description = "Seed of the attacks' random choices (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder with the dataset's files (default: the bundled sample).")
  private Path dataDir;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Folder for the report.")
  private Path out;

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
    SavedModel saved = ModelDirectory.read(environment.resolve(model));
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
    try (TrainedDefense loaded =
        new ModelLoader(plugins).load(
            DefenseModelFiles.request(saved).withBackend(backendEntry.name(), backendOptions),
            saved.description().dataset().name(), datasetOptions, saved.codebooks(),
            saved.checkpoint())) {
      SavedModelAgreement.require(saved, loaded);
      reports.add(new ProtocolEvaluator(plugins, System.err).evaluate(loaded, suite, protocols));
    }
    ComparisonReport.write(folder, "Evaluation of " + model, reports);
    ComparisonTable table = ComparisonTable.of(reports);
    console.print(table.text() + String.join("\n", table.brokenBy()) + "\nreport: " + out);
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
    return switch (protocol) {
      case "both" -> List.of(Protocol.values());
      case "papers" -> List.of(Protocol.PAPERS);
      case "standard" -> List.of(Protocol.STANDARD);
      default -> throw new ParameterException(spec.commandLine(),
          "--protocol must be papers, standard or both, got '" + protocol + "'");
    };
  }
}
