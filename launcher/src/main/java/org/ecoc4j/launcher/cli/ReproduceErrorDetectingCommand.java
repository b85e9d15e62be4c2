package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.experiments.AttackSuite;
import org.ecoc4j.experiments.ErrorDetectingTables;
import org.ecoc4j.experiments.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j reproduce error-detecting}: the error-detecting output codes paper's Tables 4 and
 * 5 at CPU scale ({@link ErrorDetectingTables}): CRC7/Zadeh, CRC7/bit threshold, Hadamard/Euclid,
 * CRC7/softmax and one-hot/softmax trained with lenet on the Fashion-MNIST sample; accuracy, FCA,
 * undetectable error, rejection, reliability, out-of-distribution rejection (MNIST, noise) and the
 * same under FGSM, PGD and MIM and an adaptive protocol at epsilon 0.1.
 */
@Command(
    name = "error-detecting",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Tables 4 and 5 of the error-detecting output codes paper on Fashion-MNIST.")
public final class ReproduceErrorDetectingCommand implements Runnable {

  private final TrainingSetup setup;
  private final Console console;

  @Option(names = "--out", defaultValue = "ecoc4j-error-detecting", paramLabel = "DIR",
      description = "Folder for the tables and the report (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--ood-samples", defaultValue = "1000", paramLabel = "N",
      description = "Out-of-distribution and noise images fed to each model"
          + " (default: ${DEFAULT-VALUE}).")
  private int oodSamples;

  @Mixin private ExperimentOptionsMixin sizes;

  @Spec private CommandSpec spec;

  /** Creates the command. */
  @Inject
  public ReproduceErrorDetectingCommand(TrainingSetup setup, Console console) {
    this.setup = setup;
    this.console = console;
  }

  /** Runs the job and prints the tables. */
  @Override
  public void run() {
    Path folder = setup.reportFolder(spec, out);
    sizes.requirePositiveSizes(spec);
    OptionRanges.requirePositive(spec, "--ood-samples", oodSamples);
    AttackSuite suite =
        new AttackSuite(
            List.of("fgsm", "pgd", "mim"), List.of(0.1), sizes.steps, sizes.samples, 100, 1);
    TrainingSetup.Chosen chosen = setup.choose(sizes.request(Quickstart.DATASET));
    ErrorDetectingTables.Result result =
        new ErrorDetectingTables(chosen.plugins(), System.err)
            .run(
                folder,
                new Quickstart.Settings(
                    sizes.epochs, chosen.datasetOptions(), suite, chosen.backend().name(),
                    chosen.backendOptions(), 1),
                oodSamples);
    console.print(result.text() + "\ntables: " + result.markdown());
  }
}
