package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ecoc4j.experiments.AttackSuite;
import org.ecoc4j.experiments.ContrastiveTables;
import org.ecoc4j.experiments.Quickstart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j reproduce contrastive}: the contrastive ECOC paper's Table 4 at CPU scale ({@link
 * ContrastiveTables}): Standard, SimCLR, ACL-PF, ACL-CFPC and ACL-TFC trained with lenet on the
 * Fashion-MNIST sample, clean and under FGSM and PGD at the authors' epsilon 0.031, on the
 * training loss (the papers' protocol) and on a margin of the class scores (adaptive); each
 * model deploys the epoch of its last stage that scored best on a validation split held out of
 * the test split (the paper's Table 3).
 */
@Command(
    name = "contrastive",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Table 4 of the contrastive ECOC paper on Fashion-MNIST (each model deploys"
        + " the epoch that scored best on a validation split held out of the test split).")
public final class ReproduceContrastiveCommand implements Runnable {

  private final TrainingSetup setup;
  private final Console console;

  @Option(names = "--out", defaultValue = "ecoc4j-contrastive", paramLabel = "DIR",
      description = "Folder for the table, the learned code tables and the report"
          + " (default: ${DEFAULT-VALUE}).")
  private Path out;

  @Option(names = "--epochs", defaultValue = "5", paramLabel = "N",
      description = "Training epochs of each stage of each model (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--samples", defaultValue = "500", paramLabel = "N",
      description = "Test samples attacked (default: ${DEFAULT-VALUE}).")
  private int samples;

  @Option(names = "--steps", defaultValue = "20", paramLabel = "N",
      description = "Iterations of PGD (default: ${DEFAULT-VALUE}).")
  private int steps;

  @Option(names = "--radius", defaultValue = "0.031", paramLabel = "E",
      description = "L-infinity radius of FGSM and PGD (default: ${DEFAULT-VALUE}, the"
          + " authors' code's).")
  private double epsilon;

  @Option(names = "--code-length", defaultValue = "100", paramLabel = "K",
      description = "Code length of the acl models (default: ${DEFAULT-VALUE}, the authors').")
  private int codeLength;

  @Option(names = "--threads", paramLabel = "N",
      description = "Backend threads (default: the backend's option 'threads', from"
          + " configuration or its own default).")
  private Integer threads;

  @Mixin private BackendOptionMixin backend;

  @Mixin private PluginOptionsMixin pluginOptions;

  @Spec private CommandSpec spec;

  /** Creates the command. */
  @Inject
  public ReproduceContrastiveCommand(TrainingSetup setup, Console console) {
    this.setup = setup;
    this.console = console;
  }

  /** Runs the job and prints the table. */
  @Override
  public void run() {
    Path folder = setup.reportFolder(spec, out);
    OptionRanges.requirePositive(spec, "--epochs", epochs);
    OptionRanges.requirePositive(spec, "--samples", samples);
    OptionRanges.requirePositive(spec, "--steps", steps);
    OptionRanges.requirePositive(spec, "--code-length", codeLength);
    Map<String, String> flags = new LinkedHashMap<>();
    if (threads != null) {
      OptionRanges.requirePositive(spec, "--threads", threads);
      flags.put("threads", Integer.toString(threads));
    }
    OptionRanges.requirePositiveFinite(spec, "--radius", epsilon);
    if (epsilon > 1) {
      throw new ParameterException(spec.commandLine(),
          "--radius must be at most 1 (images lie in [0, 1]), got " + epsilon);
    }
    AttackSuite suite = new AttackSuite(
        ContrastiveTables.ATTACKS, List.of(epsilon), steps, samples, 100, 1);
    TrainingSetup.Chosen chosen = setup.choose(new TrainingSetup.Request(
        backend, flags, Quickstart.DATASET, null, null, pluginOptions.values()));
    ContrastiveTables.Result result =
        new ContrastiveTables(chosen.plugins(), System.err)
            .run(
                folder,
                new Quickstart.Settings(
                    epochs, chosen.datasetOptions(), suite, chosen.backend().name(),
                    chosen.backendOptions(), 1),
                codeLength);
    console.print(result.text() + "\ntable: " + result.markdown());
  }
}
