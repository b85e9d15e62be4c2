package org.ecoc4j.experiments;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetProvider;
import org.ecoc4j.api.defense.PreparedDefense;

/**
 * The README's main job: trains {@code random-binary-ensemble} and {@code one-hot} on the bundled
 * Fashion-MNIST sample with the zoo's {@code lenet}, attacks both at the papers' epsilons with the
 * papers' FGSM, PGD and MIM on the training loss and with the standard suite ({@link
 * StandardSuite}), prints the comparison table with the worst case across both and writes the
 * report with plots and the two model directories.
 */
public final class Quickstart {

  /** The dataset the job trains and attacks on. */
  public static final String DATASET = "fashion-mnist";

  /** The defenses compared. */
  public static final List<String> DEFENSES = List.of("random-binary-ensemble", "one-hot");

  /**
   * How big the job is.
   *
   * @param epochs training epochs of each defense
   * @param datasetOptions options of the {@value #DATASET} dataset, e.g. {@code subset} (the
   *     fraction of the bundled training sample used, the whole of it by default)
   * @param suite the attacks
   * @param backend the backend plugin's name, e.g. {@code ort}
   * @param backendOptions its options, e.g. {@code threads}
   * @param seed seed of codebooks, weights and shuffling
   */
  public record Settings(
      int epochs,
      Map<String, String> datasetOptions,
      AttackSuite suite,
      String backend,
      Map<String, String> backendOptions,
      long seed) {

    /** Refuses non-positive epochs; copies the option maps. */
    public Settings {
      Objects.requireNonNull(suite, "suite");
      Objects.requireNonNull(backend, "backend");
      datasetOptions = Map.copyOf(datasetOptions);
      backendOptions = Map.copyOf(backendOptions);
      if (epochs < 1) {
        throw new IllegalArgumentException("epochs must be positive, got " + epochs);
      }
    }

    /**
     * The full job: 10 epochs on the whole sample, 500 test samples, 40-step attacks, on {@code
     * ort} with 2 threads.
     */
    public static Settings full() {
      return new Settings(
          10, Map.of(), AttackSuite.papers(500), "ort", Map.of("threads", "2"), 1);
    }

    /** The Fashion-MNIST sample, or what these settings' dataset options ask for. */
    Dataset openDataset(PluginLookup plugins) {
      return plugins.find(DatasetProvider.class, DATASET).open(datasetOptions);
    }

    /** AdamW for these settings' epochs and seed, batches of 64. */
    TrainingConfig trainingConfig() {
      return TrainingConfig.adamW(epochs, 64, seed);
    }
  }

  /**
   * What the job produced.
   *
   * @param designs the trained defenses' designs, in {@link #DEFENSES} order
   * @param reports their evaluations
   * @param table the comparison table
   * @param reportFolder where the report is
   */
  public record Result(
      List<PreparedDefense> designs,
      List<DefenseReport> reports,
      ComparisonTable table,
      Path reportFolder) {}

  private final PluginLookup plugins;
  private final PrintStream progress;

  /**
   * Creates the job.
   *
   * @param progress where progress goes (standard error), or {@code null} for none
   */
  public Quickstart(PluginLookup plugins, PrintStream progress) {
    this.plugins = Objects.requireNonNull(plugins, "plugins");
    this.progress = progress;
  }

  /**
   * Runs the job, saving each trained defense to {@code models} at {@code out/models/<defense>/}
   * and writing the report to {@code out/report/}.
   *
   * @throws java.io.UncheckedIOException when a file cannot be written
   */
  public Result run(Path out, Settings settings, ModelSink models) {
    Dataset data = settings.openDataset(plugins);
    TrainingConfig config = settings.trainingConfig();
    DefenseTrainer trainer = new DefenseTrainer(plugins);
    ProtocolEvaluator evaluator = new ProtocolEvaluator(plugins, progress);
    List<PreparedDefense> designs = new ArrayList<>();
    List<DefenseReport> reports = new ArrayList<>();
    for (String defense : DEFENSES) {
      say("training %s on %s (%d images, %d epochs)", defense, data.source(),
          data.train().size(), settings.epochs());
      TrainingRequest request =
          new TrainingRequest(
              defense, Map.of(), "lenet", settings.backend(), settings.backendOptions(), config,
              settings.seed(), settings.datasetOptions());
      try (TrainedDefense trained = trainer.train(request, data)) {
        models.save(out.resolve("models").resolve(defense), trained);
        designs.add(trained.design());
        reports.add(evaluator.evaluate(trained, settings.suite(), Protocol.BOTH));
      }
    }
    Path reportFolder = out.resolve("report");
    ComparisonReport.write(
        reportFolder, "Quickstart: random binary codebook ensemble vs one-hot on Fashion-MNIST",
        reports);
    return new Result(designs, reports, ComparisonTable.of(reports), reportFolder);
  }

  private void say(String format, Object... args) {
    if (progress != null) {
      progress.printf(format + "%n", args);
    }
  }
}
