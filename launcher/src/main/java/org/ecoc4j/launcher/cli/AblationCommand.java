package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.experiments.Ablation;
import org.ecoc4j.experiments.AttackSuite;
import org.ecoc4j.experiments.ComparisonTable;
import org.ecoc4j.experiments.Quickstart;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.config.BackendSelector;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.plugins.PluginCatalog;
import org.ecoc4j.launcher.plugins.PluginKinds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j ablation}: the random binary ensemble paper's ablations at CPU scale on the
 * bundled Fashion-MNIST sample (MRBC vs SRBC, ensemble size 1/3/5, code length 16/32/64), each
 * variant attacked with FGSM, PGD and MIM at epsilon 0.1 under both protocols, on the backend
 * chosen as {@code train} chooses it ({@link BackendOptionMixin}).
 */
@Command(
    name = "ablation",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Run the random-binary-ensemble ablations (codebooks, ensemble size, code"
        + " length) on Fashion-MNIST.")
public final class AblationCommand implements Runnable {

  private final Provider<PluginCatalog> catalog;
  private final Provider<PluginOptionResolver> resolver;
  private final Provider<BackendSelector> selector;
  private final LaunchEnvironment environment;
  private final Console console;

  @Option(names = "--out", defaultValue = "ecoc4j-ablation", paramLabel = "DIR",
      description = "Folder for the report (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Mixin private ExperimentOptionsMixin sizes;

  @Spec private CommandSpec spec;

  /** Creates the command. */
  @Inject
  public AblationCommand(
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

  /** Runs the experiment and prints the table. */
  @Override
  public void run() {
    Path folder = OutputFolders.writable(spec, environment, out);
    sizes.requirePositiveSizes(spec);
    AttackSuite suite =
        new AttackSuite(
            List.of("fgsm", "pgd", "mim"), List.of(0.1), sizes.steps, sizes.samples, 100, 1);
    PluginCatalog plugins = catalog.get();
    ExperimentOptionsMixin.ChosenBackend backend =
        sizes.chooseBackend(
            selector.get(), resolver.get(), plugins.registry(PluginKinds.BACKEND));
    ComparisonTable table =
        new Ablation(new CatalogPlugins(plugins), System.err)
            .run(
                folder,
                new Quickstart.Settings(
                    sizes.epochs, 1.0, suite, backend.entry().name(), backend.options(), 1));
    console.print(table.text() + String.join("\n", table.brokenBy()) + "\nreport: " + out);
  }
}
