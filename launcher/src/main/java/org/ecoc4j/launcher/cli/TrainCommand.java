package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.api.backend.EpochSummary;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.backend.UnknownArchitectureException;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.experiments.DefenseTrainer;
import org.ecoc4j.experiments.TrainedDefense;
import org.ecoc4j.experiments.TrainingRequest;
import org.ecoc4j.experiments.TrainingSplits;
import org.ecoc4j.training.TrainingInterruptedException;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.store.ImportedGraph;
import org.ecoc4j.store.InputFileException;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginKinds;
import org.ecoc4j.store.ModelFolderLock;
import org.ecoc4j.store.Sha256;
import org.ecoc4j.store.TrainingRunFolder;
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
 *
 * <p>A run never loses a model: it locks {@code --out} ({@link ModelFolderLock}), trains in the
 * hidden run folder beside it with a checkpoint after every epoch, and renames the complete model
 * directory, manifest included, into place at the end ({@link TrainingRun}). Ctrl-C stops it with
 * exit code {@value #INTERRUPTED}, saying what was kept and the command that continues it ({@code
 * --resume}, refused when settings differ unless {@code --resume-with-new-settings}).
 */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Train a defense and write its model directory.")
public final class TrainCommand implements Callable<Integer> {

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

  @Option(names = "--validation", paramLabel = "FRACTION",
      description = "Hold out FRACTION of the test split (stratified by class, seeded with"
          + " --seed; 0.2 is the contrastive ECOC paper's), score it after every epoch instead of"
          + " the test split, and deploy the last stage's epoch of the best accuracy on it. The"
          + " model records the fraction and the selected epoch, and 'evaluate' and 'attack' leave"
          + " those images out. Default: off, the last epoch is deployed.")
  private Double validation;

  @Option(names = "--resume",
      description = "Continue the interrupted run of --out from its last complete epoch; give"
          + " the same options as the interrupted run.")
  private boolean resume;

  @Option(names = "--resume-with-new-settings",
      description = "As --resume, but continue even when the epochs, batch size, learning rate,"
          + " dataset or backend options differ from the interrupted run's (the model records"
          + " the change). The defense, its options, the architecture, dataset, backend and seed"
          + " never change on resume.")
  private boolean newSettings;

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

  /** Exit code of a run stopped by an interrupt (Ctrl-C), as a shell reports SIGINT. */
  static final int INTERRUPTED = 130;

  /** How long a JVM shutdown waits for the run to report where it stopped. */
  private static final long SHUTDOWN_GRACE_MILLIS = 60_000;

  /**
   * Trains and writes the model directory, locked and crash-safe (see {@link TrainingRun}).
   *
   * @return 0, or {@value #INTERRUPTED} when training was interrupted
   */
  @Override
  public Integer call() {
    Path folder = setup.newModelFolder(spec, out);
    TrainingConfig config = trainingConfig();
    if (newSettings) {
      resume = true;
    }
    String command = commandLine();
    try (ShutdownWait shutdown = new ShutdownWait(SHUTDOWN_GRACE_MILLIS);
        ModelFolderLock lock = lock(folder, command)) {
      setup.newModelFolder(spec, out); // again, now that this run holds the folder
      return train(folder, config, command, shutdown);
    }
  }

  private int train(Path folder, TrainingConfig config, String command, ShutdownWait shutdown) {
    Map<String, String> flags = new LinkedHashMap<>();
    if (threads != null) {
      flags.put("threads", Integer.toString(threads));
    }
    TrainingSetup.Chosen chosen =
        setup.choose(new TrainingSetup.Request(
            backend, flags, dataset, dataDir, defense, pluginOptions.values()));
    PluginEntry<Backend> backendEntry = chosen.backend();
    for (String option : List.of(TrainingRunFolder.CHECKPOINT_OPTION,
        TrainingRunFolder.RESUME_OPTION)) {
      if (pluginOptions.values().keySet().stream().anyMatch(k -> k.equals(option) || k.endsWith("." + option))) {
        throw new ParameterException(spec.commandLine(), "-O " + option + ": train keeps its own"
            + " checkpoint after every epoch beside --out; use --resume to continue a run");
      }
    }
    String architecture = architectureName;
    String architectureSetting = architectureName;
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
      if (!declares(backendEntry, ImportedGraph.OPTION)) {
        throw new ParameterException(spec.commandLine(), "--architecture " + architectureName
            + ": backend '" + backendEntry.name() + "' cannot import ONNX models (it has no"
            + " option '" + ImportedGraph.OPTION + "')");
      }
      architecture = String.valueOf(file.getFileName());
      architectureSetting =
          architecture + " (SHA-256 " + sha256(backendEntry.plugin(), file) + ")";
      Map<String, String> withGraph = new LinkedHashMap<>(chosen.backendOptions());
      withGraph.put(ImportedGraph.OPTION, file.toString());
      chosen = chosen.withBackendOptions(withGraph);
    }
    boolean checkpoints = declares(backendEntry, TrainingRunFolder.CHECKPOINT_OPTION)
        && declares(backendEntry, TrainingRunFolder.RESUME_OPTION);
    TrainingRequest request =
        new TrainingRequest(defense, chosen.defenseOptions(), architecture, backendEntry.name(),
            chosen.backendOptions(), config, seed, chosen.datasetOptions());
    TrainingRun run = TrainingRun.prepare(spec, out, folder, command,
        RunSettings.of(request, dataset, architectureSetting, validationFraction()), resume,
        newSettings, checkpoints);
    Dataset data;
    try {
      data = chosen.openDataset();
    } catch (RuntimeException e) {
      run.failed(console);
      throw e;
    }
    if (!checkpoints) {
      console.error("note: backend '" + backendEntry.name() + "' keeps no checkpoint after each"
          + " epoch; an interrupted run starts again");
    }
    DefenseTrainer trainer = new DefenseTrainer(chosen.plugins());
    if (validation != null) {
      trainer = trainer.selectingOnValidation(validation);
    }
    try (TrainedDefense trained = trainer
        .train(request.withBackend(backendEntry.name(), run.backendOptions(request)), data)) {
      run.finish(trained, chosen.plugins());
      console.print(summary(trained, data, backendEntry.name()));
      return 0;
    } catch (TrainingInterruptedException e) {
      Thread.interrupted(); // the loop leaves the flag set; reading the run's files needs it clear
      run.interrupted(console, e.getMessage());
      return INTERRUPTED;
    } catch (UnknownArchitectureException e) {
      run.failed(console);
      throw new ParameterException(spec.commandLine(), "--architecture " + e.architecture()
          + " is not an architecture of backend '" + backendEntry.name() + "'; known: "
          + String.join(", ", e.known()));
    } catch (RuntimeException e) {
      Thread.interrupted();
      if (shutdown.stopping()) {
        run.interrupted(console, "training interrupted before its first step");
        return INTERRUPTED;
      }
      run.failed(console);
      throw e;
    }
  }

  /**
   * The line a finished run prints: what was trained, and its last epoch's test accuracy, or,
   * after selection on a validation split, the epoch selected and the images left to evaluate.
   */
  private String summary(TrainedDefense trained, Dataset data, String backendName) {
    List<EpochSummary> history = trained.network().history();
    String head = String.format(Locale.ROOT,
        "trained %s (%d members x %d outputs) on %s (%d training images) with backend %s in"
            + " %.0f s, ", defense, trained.design().members(),
        trained.design().outputsPerMember(), data.name(), data.train().size(), backendName,
        trained.seconds());
    TrainingSplits splits = trained.splits();
    if (splits.selectedEpoch().isEmpty()) {
      return head + String.format(Locale.ROOT, "test accuracy %.1f%%; wrote %s",
          100 * history.get(history.size() - 1).testAccuracy(), out);
    }
    return head + String.format(Locale.ROOT,
        "deployed epoch %d (of the last training stage), the best on %d validation images"
            + " (--validation %s, accuracies in model.json's history); %d test images left for"
            + " evaluation; wrote %s", splits.selectedEpoch().getAsInt(), splits.validation(),
        Double.toString(validation), splits.test(), out);
  }

  /** {@code --validation}, checked: empty when it is not given. */
  private OptionalDouble validationFraction() {
    if (validation == null) {
      return OptionalDouble.empty();
    }
    try {
      DefenseTrainer.requireValidationFraction(validation);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--validation: " + e.getMessage());
    }
    return OptionalDouble.of(validation);
  }

  private ModelFolderLock lock(Path folder, String command) {
    try {
      return ModelFolderLock.acquire(folder, command);
    } catch (ModelFolderLock.FolderInUseException e) {
      throw new ParameterException(spec.commandLine(), "--out " + out + ": " + e.getMessage());
    }
  }

  private static boolean declares(PluginEntry<Backend> backend, String option) {
    return PluginKinds.BACKEND.optionsOf(backend.plugin()).stream()
        .anyMatch(declared -> declared.name().equals(option));
  }

  /**
   * The SHA-256 of the whole model file as {@code backend} reads it (its external data included:
   * {@link Backend#selfContainedModelFile}), so that a resume notices a changed {@code
   * .onnx.data} beside an unchanged graph; for a file without external data, the file's own.
   */
  private static String sha256(Backend backend, Path file) {
    try {
      return Sha256.of(backend.selfContainedModelFile(file));
    } catch (java.io.UncheckedIOException e) {
      throw new InputFileException("cannot read ONNX model " + file + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new InputFileException(e.getMessage(), e);
    }
  }

  /** The command line as typed, quoted for a POSIX shell where needed. */
  private String commandLine() {
    StringBuilder line = new StringBuilder("ecoc4j");
    for (String arg : spec.commandLine().getParseResult().originalArgs()) {
      line.append(' ').append(arg.matches("[A-Za-z0-9_./=:,@%+-]+") ? arg
          : "'" + arg.replace("'", "'\\''") + "'");
    }
    return line.toString();
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
    validationFraction();
    try {
      return TrainingConfig.adamW(epochs, batchSize, seed).withLearningRate(learningRate);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }
}
