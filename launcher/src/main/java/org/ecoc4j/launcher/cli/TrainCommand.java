package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.backend.UnknownArchitectureException;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.experiments.DefenseTrainer;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.experiments.TrainingRequest;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.launcher.io.DefenseModelFiles;
import org.ecoc4j.launcher.io.ImportedGraph;
import org.ecoc4j.launcher.io.InputFileException;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginKinds;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j train --defense NAME --architecture ZOO-NAME|FILE.onnx --dataset NAME --out DIR}:
 * trains a defense on a backend ({@code --backend}, see {@link BackendOptionMixin}) and writes its
 * model directory (checkpoint, exported ONNX, codebooks, provenance with every option value in
 * effect). Plugin options come from the configuration and {@code -O name=value}, routed to the
 * dataset, the backend or the defense ({@link TrainingSetup}: {@code -O dataset.subset=0.25},
 * {@code -O backend.threads=4}, {@code -O code=hadamard}); all are recorded. An architecture
 * that names a file (ending in {@code .onnx}, or any existing file) is the user's forward ONNX
 * model, imported with its weights as the starting point; the model directory keeps a copy
 * ({@link ImportedGraph}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Train a defense and write its model directory.")
public final class TrainCommand implements Runnable {

  private final TrainingSetup setup;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Option(names = "--defense", required = true, paramLabel = "NAME",
      description =
          "Defense, e.g. random-binary-ensemble, one-hot, random-target, adp, coded-smoothing,"
              + " mixup.")
  private String defense;

  @Option(names = "--architecture", required = true,
      paramLabel = "ZOO-NAME|FILE.onnx",
      description = "Architecture of the model zoo (lenet, resnet20v2, cnn1, cnn2, resnet32,"
          + " wrn-16-4, wrn-28-10, densenet-bc), or a forward ONNX model file: one image input"
          + " [batch, C, H, W] matching the dataset, one output [batch, members x outputs]"
          + " matching the defense; its weights are the starting point.")
  private String architectureName;

  @Option(names = "--dataset", required = true, paramLabel = "NAME",
      description = "Dataset, e.g. fashion-mnist, mnist, cifar10.")
  private String dataset;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder with the dataset's files (default: the bundled sample).")
  private Path dataDir;

  @Option(names = "--out", required = true, paramLabel = "DIR",
      description = "Model directory to write.")
  private Path out;

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
      description = "Training epochs (default: ${DEFAULT-VALUE}).")
  private int epochs;

  @Option(names = "--batch-size", defaultValue = "64", paramLabel = "N",
      description = "Samples per step (default: ${DEFAULT-VALUE}).")
  private int batchSize;

  @Option(names = "--learning-rate", defaultValue = "0.001", paramLabel = "X",
      description = "AdamW learning rate (default: ${DEFAULT-VALUE}).")
  private double learningRate;

  @Option(names = "--seed", defaultValue = "1", paramLabel = "S",
      description = "Seed of codebooks, weights and shuffling (default: ${DEFAULT-VALUE}).")
  private long seed;

  @Option(names = "--threads", paramLabel = "N",
      description = "Backend threads (default: the backend's option 'threads', from"
          + " configuration or its own default).")
  private Integer threads;

  @Mixin private BackendOptionMixin backend;

  @Mixin private PluginOptionsMixin pluginOptions;

  /** Creates the command. */
  @Inject
  public TrainCommand(TrainingSetup setup, LaunchEnvironment environment, Console console) {
    this.setup = setup;
    this.environment = environment;
    this.console = console;
  }

  /** Trains and writes the model directory. */
  @Override
  public void run() {
    Path folder = setup.newModelFolder(spec, out);
    TrainingConfig config = trainingConfig();
    Map<String, String> flags = new LinkedHashMap<>();
    if (threads != null) {
      flags.put("threads", Integer.toString(threads));
    }
    TrainingSetup.Chosen chosen =
        setup.choose(new TrainingSetup.Request(
            backend, flags, dataset, dataDir, defense, pluginOptions.values()));
    PluginEntry<Backend> backendEntry = chosen.backend();
    String architecture = architectureName;
    Path file = environment.resolve(Path.of(architectureName));
    if (namesAFile(architectureName)) {
      if (Files.isDirectory(file)) {
        throw new InputFileException("--architecture " + architectureName + ": " + file
            + " is a folder, not an ONNX model file");
      }
      if (!Files.isRegularFile(file)) {
        throw new InputFileException("--architecture " + architectureName + ": ONNX model " + file
            + " does not exist");
      }
      if (!PluginKinds.BACKEND.optionsOf(backendEntry.plugin()).stream()
          .anyMatch(option -> option.name().equals(ImportedGraph.OPTION))) {
        throw new ParameterException(spec.commandLine(), "--architecture " + architectureName
            + ": backend '" + backendEntry.name() + "' cannot import ONNX models (it has no"
            + " option '" + ImportedGraph.OPTION + "')");
      }
      architecture = String.valueOf(file.getFileName());
      Map<String, String> withGraph = new LinkedHashMap<>(chosen.backendOptions());
      withGraph.put(ImportedGraph.OPTION, file.toString());
      chosen = chosen.withBackendOptions(withGraph);
    }
    Dataset data = chosen.openDataset();
    TrainingRequest request =
        new TrainingRequest(defense, chosen.defenseOptions(), architecture, backendEntry.name(),
            chosen.backendOptions(), config, seed, chosen.datasetOptions());
    try (TrainedDefense trained = new DefenseTrainer(chosen.plugins()).train(request, data)) {
      DefenseModelFiles.write(folder, trained, chosen.plugins());
      double accuracy =
          trained.network().history().get(trained.network().history().size() - 1).testAccuracy();
      console.print(String.format(Locale.ROOT,
          "trained %s (%d members x %d outputs) on %s (%d training images) with backend %s in"
              + " %.0f s, test accuracy %.1f%%; wrote %s", defense, trained.design().members(),
          trained.design().outputsPerMember(), data.name(), data.train().size(),
          backendEntry.name(), trained.seconds(), 100 * accuracy, out));
    } catch (UnknownArchitectureException e) {
      throw new ParameterException(spec.commandLine(), "--architecture " + e.architecture()
          + " is not an architecture of backend '" + backendEntry.name() + "'; known: "
          + String.join(", ", e.known()));
    }
  }

  /**
   * Whether {@code --architecture} names an ONNX file rather than a zoo architecture: it ends in
   * {@code .onnx} or holds a path separator ({@code ./lenet}). A bare name is always the
   * backend's, so a stray file called {@code lenet} in the working folder cannot shadow the zoo.
   */
  static boolean namesAFile(String architecture) {
    return architecture.toLowerCase(Locale.ROOT).endsWith(".onnx")
        || architecture.contains("/")
        || architecture.contains(java.io.File.separator);
  }

  /**
   * The training configuration of the options, checked (with {@code --threads}) before any data
   * is read.
   *
   * @throws ParameterException naming the option whose value is out of range
   */
  private TrainingConfig trainingConfig() {
    OptionRanges.requirePositive(spec, "--epochs", epochs);
    OptionRanges.requirePositive(spec, "--batch-size", batchSize);
    if (threads != null) {
      OptionRanges.requirePositive(spec, "--threads", threads);
    }
    OptionRanges.requirePositiveFinite(spec, "--learning-rate", learningRate);
    try {
      return TrainingConfig.adamW(epochs, batchSize, seed).withLearningRate(learningRate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
