package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.evaluation.ImageTransform;
import org.ecoc4j.experiments.CatalogPlugins;
import org.ecoc4j.host.PluginCatalog;
import org.ecoc4j.launcher.LaunchEnvironment;
import org.ecoc4j.store.DefendedModel;
import org.ecoc4j.store.LoadOptions;
import org.ecoc4j.store.Prediction;
import org.ecoc4j.store.PredictionInputs;
import org.ecoc4j.store.Predictions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code ecoc4j predict --model DIR --images PATH --out FILE}: classifies a folder of PNG and
 * JPEG pictures, an IDX images file or a CIFAR-10 batch file with a trained model directory
 * ({@link DefendedModel}) and writes one CSV row per image ({@link Predictions}), with a progress
 * bar on stderr.
 */
@Command(
    name = "predict",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Classify images with a trained model directory, with rejection.")
public final class PredictCommand implements Runnable {

  private static final int BAR = 24;

  private final Provider<PluginCatalog> catalog;
  private final LaunchEnvironment environment;
  private final Console console;

  @Spec private CommandSpec spec;

  @Option(names = "--model", required = true, paramLabel = "DIR",
      description = "Model directory written by 'ecoc4j train'.")
  private Path model;

  @Option(names = "--images", required = true, paramLabel = "PATH",
      description = "A folder of PNG/JPEG pictures (file name order), an IDX images file or a "
          + "CIFAR-10 batch file (.bin).")
  private Path images;

  @Option(names = "--out", required = true, paramLabel = "FILE",
      description = "The CSV written: file, class, class name, confidence, rejected, reason.")
  private Path out;

  @Option(names = "--transform", split = ",", paramLabel = "T",
      description = "Transforms converting the images to the model's input shape, in order: "
          + "resize, replicate (one channel to all), grayscale; without them an image of "
          + "another shape is refused, naming its file.")
  private List<String> transforms;

  @Option(names = "--data-dir", paramLabel = "DIR",
      description = "Folder with the model's dataset's files, read for its class names "
          + "(default: the recorded one, else the bundled sample).")
  private Path dataDir;

  /** Creates the command. */
  @Inject
  public PredictCommand(
      Provider<PluginCatalog> catalog, LaunchEnvironment environment, Console console) {
    this.catalog = catalog;
    this.environment = environment;
    this.console = console;
  }

  /** Loads the model, classifies and writes the CSV. */
  @Override
  public void run() {
    Path target = environment.resolve(out);
    if (Files.isDirectory(target)) {
      throw new ParameterException(spec.commandLine(), "--out " + out + " is a folder; name"
          + " the CSV file to write");
    }
    List<ImageTransform> chosen;
    try {
      chosen = transforms == null ? List.of()
          : transforms.stream().map(ImageTransform::parse).toList();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--transform: " + e.getMessage());
    }
    LoadOptions options = LoadOptions.defaults()
        .withPlugins(new CatalogPlugins(catalog.get()))
        .withDatasetOptions(dataDir == null ? Map.of()
            : Map.of("data-dir", environment.resolve(dataDir).toString()));
    try (DefendedModel loaded = DefendedModel.open(environment.resolve(model), options)) {
      PredictionInputs inputs =
          PredictionInputs.open(environment.resolve(images), loaded.inputShape(), chosen);
      List<Prediction> rows = Predictions.run(loaded, inputs, this::progress);
      console.err().println();
      Predictions.write(target, rows);
      long rejected = rows.stream().filter(r -> r.classification().rejected()).count();
      console.print(rows.size() + " images, " + rejected + " rejected"
          + (chosen.isEmpty() ? "" : ", transforms " + String.join(", ", transforms))
          + "\npredictions: " + out);
    }
  }

  private void progress(int done, int total) {
    int filled = (int) ((long) BAR * done / total);
    console.err().print("\rpredict [" + "#".repeat(filled) + ".".repeat(BAR - filled) + "] "
        + done + "/" + total + " images");
    console.err().flush();
  }
}
