package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.experiments.AttackSuite;
import org.ecoc4j.experiments.CodedSmoothingTables;
import org.ecoc4j.experiments.ProtocolEvaluator;
import org.ecoc4j.experiments.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j reproduce coded-smoothing}: coded-smoothing beside ERM and Mixup at CPU scale
 * ({@link CodedSmoothingTables}): {@code one-hot}, {@code mixup} and {@code coded-smoothing}
 * (coded around the whole network and around one lenet block, {@code --block}, each deployed
 * plain and with randomized coded inference) trained with lenet on the Fashion-MNIST sample,
 * clean and under FGSM, PGD and EOT-PGD. Its sizes default smaller than the other jobs'
 * ({@value #EPOCHS} epochs, {@value #SAMPLES} samples, {@value #STEPS} steps) so that it ends in
 * under 15 minutes on 2 cores; {@code --epochs}, {@code --samples} and {@code --steps} override
 * them.
 */
@Command(
    name = "coded-smoothing",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
        "Coded-smoothing (plain and RCI; around the whole network and around one lenet block)"
            + " beside ERM and Mixup on Fashion-MNIST: clean, FGSM, PGD, EOT-PGD.",
        "Defaults here: --epochs " + ReproduceCodedSmoothingCommand.EPOCHS + ", --samples "
            + ReproduceCodedSmoothingCommand.SAMPLES + ", --steps "
            + ReproduceCodedSmoothingCommand.STEPS + " (the help of those options shows the"
            + " other jobs' defaults)."})
public final class ReproduceCodedSmoothingCommand implements Runnable {

  /** Training epochs unless {@code --epochs} is given. */
  static final int EPOCHS = 2;
  /** Attacked test samples unless {@code --samples} is given. */
  static final int SAMPLES = 200;
  /** Attack iterations unless {@code --steps} is given. */
  static final int STEPS = 10;

  private final TrainingSetup setup;
  private final Console console;

  @Option(names = "--out", defaultValue = "ecoc4j-coded-smoothing", paramLabel = "DIR",
      description = "Folder for the table, the models and the report (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--epsilons", defaultValue = "0.05,0.1", split = ",", paramLabel = "E",
      description = "L-infinity radii (default: ${DEFAULT-VALUE}).")
  private List<Double> epsilons;

  @Option(names = "--draws", defaultValue = "" + ProtocolEvaluator.RESCORING_DRAWS,
      paramLabel = "N",
      description = "Permutation draws over which each RCI decision is re-scored (default:"
          + " ${DEFAULT-VALUE}).")
  private int draws;

  @Option(names = "--block", defaultValue = CodedSmoothingTables.BLOCK, paramLabel = "NAME",
      description = "The lenet block the block rows code around: conv1, conv2 or head (default:"
          + " ${DEFAULT-VALUE}).")
  private String block;

  @Mixin private ExperimentOptionsMixin sizes;

  @Spec private CommandSpec spec;

  /** Creates the command. */
  @Inject
  public ReproduceCodedSmoothingCommand(TrainingSetup setup, Console console) {
    this.setup = setup;
    this.console = console;
  }

  /** Runs the job and prints the table. */
  @Override
  public void run() {
    Path folder = setup.reportFolder(spec, out);
    ParseResult given = spec.commandLine().getParseResult();
    int epochs = given.hasMatchedOption("--epochs") ? sizes.epochs : EPOCHS;
    int samples = given.hasMatchedOption("--samples") ? sizes.samples : SAMPLES;
    int steps = given.hasMatchedOption("--steps") ? sizes.steps : STEPS;
    sizes.requirePositiveSizes(spec);
    try {
      ProtocolEvaluator.requireDraws(draws);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--draws: " + e.getMessage());
    }
    AttackSuite suite;
    try {
      suite = new AttackSuite(List.of("fgsm", "pgd"), epsilons, steps, samples, 100, 1);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--epsilons: " + e.getMessage());
    }
    TrainingSetup.Chosen chosen = setup.choose(sizes.request(Quickstart.DATASET));
    CodedSmoothingTables.Result result =
        new CodedSmoothingTables(chosen.plugins(), System.err).withRescoringDraws(draws)
            .run(
                folder,
                new Quickstart.Settings(
                    epochs, chosen.datasetOptions(), suite, chosen.backend().name(),
                    chosen.backendOptions(), 1),
                Map.of(), block);
    console.print(result.text() + "\ntable: " + result.markdown());
  }
}
