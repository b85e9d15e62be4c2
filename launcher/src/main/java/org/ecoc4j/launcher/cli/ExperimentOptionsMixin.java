package org.ecoc4j.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The sizes shared by the fixed experiment jobs ({@code quickstart}, {@code ablation}): training
 * epochs, attacked test samples, attack iterations and backend threads; the backend they train
 * on, and the {@code -O} options of the dataset and the backend, resolved like {@code train}'s.
 */
public final class ExperimentOptionsMixin {

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
      description = "Training epochs of each model (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", defaultValue = "500", paramLabel = "N",
      description = "Test samples attacked (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--steps", defaultValue = "40", paramLabel = "N",
      description = "Iterations of PGD and MIM (default: ${DEFAULT-VALUE}, the paper's).")
  int steps;

  @Option(names = "--threads", paramLabel = "N",
      description = "Backend threads (default: the backend's option 'threads', from"
          + " configuration or its own default).")
  Integer threads;

  @Mixin BackendOptionMixin backend;

  @Mixin PluginOptionsMixin pluginOptions;

  /**
   * Refuses {@code --epochs}, {@code --samples}, {@code --steps} or {@code --threads} below 1
   * before any work or output.
   *
   * @throws ParameterException naming the option
   */
  void requirePositiveSizes(CommandSpec spec) {
    OptionRanges.requirePositive(spec, "--epochs", epochs);
    OptionRanges.requirePositive(spec, "--samples", samples);
    OptionRanges.requirePositive(spec, "--steps", steps);
    if (threads != null) {
      OptionRanges.requirePositive(spec, "--threads", threads);
    }
  }

  /**
   * What the job asks of the {@link TrainingSetup}: the backend of {@code --backend} with {@code
   * --threads} over the configuration over the declared defaults, the job's dataset, and the
   * {@code -O} values for the two.
   */
  TrainingSetup.Request request(String dataset) {
    Map<String, String> flags = new LinkedHashMap<>();
    if (threads != null) {
      flags.put("threads", Integer.toString(threads));
    }
    return new TrainingSetup.Request(backend, flags, dataset, null, null, pluginOptions.values());
  }
}
