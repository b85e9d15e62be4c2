package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.experiments.AttackSuite;
import org.ecoc4j.experiments.ComparisonReport;
import org.ecoc4j.experiments.Quickstart;
import org.ecoc4j.store.AtomicFolders;
import org.ecoc4j.store.DefenseModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j quickstart}: the README's main job. Trains {@code random-binary-ensemble} and
 * {@code one-hot} on the bundled Fashion-MNIST sample with {@code lenet}, attacks both at epsilon
 * 0.05 and 0.1 with the papers' FGSM, PGD and MIM on the training loss and with the standard suite
 * ({@code standard-v1}), prints the comparison table with the worst case across both and writes
 * the report with plots. The backend is chosen as {@code train}
 * chooses it ({@link BackendOptionMixin}). Progress (training bars, attack bars) goes
 * to standard error, as the backend and the evaluator write it.
 */
@Command(
    name = "quickstart",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Train random-binary-ensemble and one-hot on Fashion-MNIST, attack both,"
        + " compare.")
public final class QuickstartCommand implements Runnable {

  private final TrainingSetup setup;
  private final Console console;

  @Option(names = "--out", defaultValue = "ecoc4j-quickstart", paramLabel = "DIR",
      description = "Folder for the models and the report (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Mixin private ExperimentOptionsMixin sizes;

  @Spec private CommandSpec spec;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
      description = "Seed of codebooks, weights and shuffling (default: ${DEFAULT-VALUE}).")
  private long seed;

  /** Creates the command. */
  @Inject
  public QuickstartCommand(
      TrainingSetup setup, Console console) {
    this.setup = setup;
    this.console = console;
  }

  /** Runs the job and prints the table. */
  @Override
  public void run() {
    Path folder = setup.reportFolder(spec, out);
    sizes.requirePositiveSizes(spec);
    for (String defense : Quickstart.DEFENSES) {
      Path models = folder.resolve("models").resolve(defense);
      List<String> held = AtomicFolders.entries(models);
      if (!held.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "--out " + out + " already holds"
            + " quickstart models (" + out.resolve("models").resolve(defense) + " holds "
            + String.join(", ", held) + "); choose another folder or remove them first");
      }
    }
    AttackSuite suite =
        new AttackSuite(
            List.of("fgsm", "pgd", "mim"), List.of(0.05, 0.1), sizes.steps, sizes.samples, 100,
            seed);
    TrainingSetup.Chosen chosen = setup.choose(sizes.request(Quickstart.DATASET));
    Quickstart.Settings settings =
        new Quickstart.Settings(
            sizes.epochs, chosen.datasetOptions(), suite, chosen.backend().name(),
            chosen.backendOptions(), seed);
    Quickstart.Result result =
        new Quickstart(chosen.plugins(), System.err)
            .run(folder, settings,
                (dir, trained) -> DefenseModelFiles.write(dir, trained, chosen.plugins()));
    console.print(ComparisonReport.DESCRIPTION + "\n" + result.table().text()
        + String.join("\n", result.table().brokenBy()) + "\nreport: " + out.resolve("report")
        + ", models: " + out.resolve("models"));
  }
}
