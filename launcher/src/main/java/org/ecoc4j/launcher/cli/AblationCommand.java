package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.experiments.Ablation;
import org.ecoc4j.experiments.AttackSuite;
import org.ecoc4j.experiments.ComparisonTable;
import org.ecoc4j.experiments.Quickstart;
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

  private final TrainingSetup setup;
  private final Console console;

  @Option(names = "--out", defaultValue = "ecoc4j-ablation", paramLabel = "DIR",
      description = "Folder for the report (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Mixin private ExperimentOptionsMixin sizes;

  @Spec private CommandSpec spec;

  /** Creates the command. */
  @Inject
  public AblationCommand(
      TrainingSetup setup, Console console) {
    this.setup = setup;
    this.console = console;
  }

  /** Runs the experiment and prints the table. */
  @Override
  public void run() {
    Path folder = setup.reportFolder(spec, out);
    sizes.requirePositiveSizes(spec);
    AttackSuite suite =
        new AttackSuite(
            List.of("fgsm", "pgd", "mim"), List.of(0.1), sizes.steps, sizes.samples, 100, 1);
    TrainingSetup.Chosen chosen = setup.choose(sizes.request(Quickstart.DATASET));
    ComparisonTable table =
        new Ablation(chosen.plugins(), System.err)
            .run(
                folder,
                new Quickstart.Settings(
                    sizes.epochs, chosen.datasetOptions(), suite, chosen.backend().name(),
                    chosen.backendOptions(), 1));
    console.print(table.text() + String.join("\n", table.brokenBy()) + "\nreport: " + out);
  }
}
