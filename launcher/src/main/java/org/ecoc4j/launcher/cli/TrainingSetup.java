package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.defense.Defense;
import org.ecoc4j.experiments.CatalogPlugins;
import org.ecoc4j.experiments.PluginLookup;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.BackendSelector;
import org.ecoc4j.launcher.config.OptionRouter;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.config.ResolvedOptions;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginKinds;
import org.ecoc4j.host.PluginRegistry;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the commands that train ({@code train}, {@code quickstart}, {@code ablation}) share before
 * any work: the output folder's check, and the backend, dataset and defense they use with every
 * option of each resolved from the configuration ({@code ecoc4j.<kind>.<plugin>.<option>}), the
 * command's own flags and the {@code -O} values routed among them by {@link OptionRouter}
 * ({@code -O dataset.subset=0.25}, {@code -O backend.threads=4}, {@code -O code=hadamard}).
 * Injected by Guice.
 */
public final class TrainingSetup {

  /** The role of the backend among the plugins {@code -O} reaches. */
  public static final String BACKEND = "backend";

  /** The role of the dataset among the plugins {@code -O} reaches. */
  public static final String DATASET = "dataset";

  /** The role of the defense among the plugins {@code -O} reaches. */
  public static final String DEFENSE = "defense";

  private static final String DATA_DIR = "data-dir";

  private final Provider<PluginCatalog> catalog;
  private final Provider<PluginOptionResolver> resolver;
  private final Provider<BackendSelector> selector;
  private final LaunchEnvironment environment;

  /** Creates the setup. */
  @Inject
  public TrainingSetup(
      Provider<PluginCatalog> catalog,
      Provider<PluginOptionResolver> resolver,
      Provider<BackendSelector> selector,
      LaunchEnvironment environment) {
    this.catalog = catalog;
    this.resolver = resolver;
    this.selector = selector;
    this.environment = environment;
  }

  /**
   * What a command asks for.
   *
   * @param backend the command's {@code --backend} option
   * @param backendFlags backend options the command's own flags set ({@code --threads}); they win
   *     over {@code -O}
   * @param dataset the dataset's name
   * @param dataDir the command's {@code --data-dir}, or {@code null}
   * @param defense the defense's name, or {@code null} when the command fixes its defenses
   * @param dashO the {@code -O} values
   */
  public record Request(
      BackendOptionMixin backend,
      Map<String, String> backendFlags,
      String dataset,
      Path dataDir,
      String defense,
      Map<String, String> dashO) {

    /** Copies the maps. */
    public Request {
      Objects.requireNonNull(backend, "backend");
      Objects.requireNonNull(dataset, "dataset");
      backendFlags = Map.copyOf(backendFlags);
      dashO = new LinkedHashMap<>(dashO);
    }
  }

  /**
   * The plugins a training command uses, with their options.
   *
   * @param plugins the launcher's plugins as the experiments' lookup
   * @param backend the backend
   * @param backendOptions every backend option value in effect
   * @param dataset the dataset provider
   * @param datasetOptions every dataset option value in effect ({@code data-dir} resolved against
   *     the working directory)
   * @param defense the defense, or {@code null} when none was asked for
   * @param defenseOptions the defense options given by configuration and command line
   */
  public record Chosen(
      PluginLookup plugins,
      PluginEntry<Backend> backend,
      Map<String, String> backendOptions,
      PluginEntry<DatasetProvider> dataset,
      Map<String, String> datasetOptions,
      PluginEntry<Defense> defense,
      Map<String, String> defenseOptions) {

    /** Opens the dataset with its options. */
    public Dataset openDataset() {
      return dataset.plugin().open(datasetOptions);
    }

    /** A copy with other backend options (an imported graph's file, say). */
    public Chosen withBackendOptions(Map<String, String> options) {
      return new Chosen(plugins, backend, Map.copyOf(options), dataset, datasetOptions, defense,
          defenseOptions);
    }
  }

  /**
   * The output folder of a new model directory, checked before any work.
   *
   * @throws picocli.CommandLine.ParameterException as {@link OutputFolders#forNewModel}
   */
  public Path newModelFolder(CommandSpec spec, Path out) {
    return OutputFolders.forNewModel(spec, environment, out);
  }

  /**
   * An output folder for reports, checked before any work.
   *
   * @throws picocli.CommandLine.ParameterException as {@link OutputFolders#writable}
   */
  public Path reportFolder(CommandSpec spec, Path out) {
    return OutputFolders.writable(spec, environment, out);
  }

  /** The launcher's plugins as the experiments' lookup. */
  public PluginLookup plugins() {
    return new CatalogPlugins(catalog.get());
  }

  /**
   * Chooses the backend, the dataset and the defense and resolves their options.
   *
   * @throws org.ecoc4j.host.UnknownPluginException for an unknown plugin
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for an option no plugin accepts, one
   *     that several accept without a prefix, or a malformed value
   */
  public Chosen choose(Request request) {
    PluginCatalog plugins = catalog.get();
    PluginRegistry<Backend> backends = plugins.registry(PluginKinds.BACKEND);
    PluginEntry<Backend> backendEntry = request.backend().forNewModel(selector.get(), backends);
    PluginRegistry<DatasetProvider> datasets = plugins.registry(PluginKinds.DATASET);
    PluginEntry<DatasetProvider> datasetEntry = datasets.require(request.dataset());
    PluginRegistry<Defense> defenses = plugins.registry(PluginKinds.DEFENSE);
    PluginEntry<Defense> defenseEntry =
        request.defense() == null ? null : defenses.require(request.defense());

    List<OptionRouter.Target> targets = new ArrayList<>();
    targets.add(target(DATASET, datasetEntry, PluginKinds.DATASET.optionsOf(datasetEntry.plugin())));
    targets.add(target(BACKEND, backendEntry, PluginKinds.BACKEND.optionsOf(backendEntry.plugin())));
    if (defenseEntry != null) {
      targets.add(
          target(DEFENSE, defenseEntry, PluginKinds.DEFENSE.optionsOf(defenseEntry.plugin())));
    }
    Map<String, Map<String, String>> routed = new OptionRouter(targets).route(request.dashO());

    Map<String, String> backendGiven = new LinkedHashMap<>(routed.get(BACKEND));
    backendGiven.putAll(request.backendFlags());
    ResolvedOptions backendOptions = resolver.get().resolve(backends, backendEntry, backendGiven);

    Map<String, String> datasetGiven = new LinkedHashMap<>(routed.get(DATASET));
    if (request.dataDir() != null) {
      datasetGiven.put(DATA_DIR, request.dataDir().toString());
    }
    ResolvedOptions datasetOptions = resolver.get().resolve(datasets, datasetEntry, datasetGiven);
    Map<String, String> datasetValues = new LinkedHashMap<>(datasetOptions.options().asText());
    String folder = datasetValues.get(DATA_DIR);
    if (folder != null && !folder.isBlank()) {
      datasetValues.put(DATA_DIR, environment.resolve(Path.of(folder.strip())).toString());
    }

    Map<String, String> defenseOptions =
        defenseEntry == null
            ? Map.of()
            : resolver.get().resolve(defenses, defenseEntry, routed.get(DEFENSE)).raw();
    return new Chosen(
        new CatalogPlugins(plugins), backendEntry, backendOptions.options().asText(),
        datasetEntry, datasetValues, defenseEntry, defenseOptions);
  }

  private static OptionRouter.Target target(
      String role, PluginEntry<?> entry, List<org.ecoc4j.api.plugin.OptionSpec> declared) {
    return new OptionRouter.Target(role, entry.name(), declared);
  }
}
