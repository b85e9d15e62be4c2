package org.ecoc4j.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.launcher.config.BackendSelector;
import org.ecoc4j.launcher.config.PluginOptionResolver;
import org.ecoc4j.launcher.plugins.PluginEntry;
import org.ecoc4j.launcher.plugins.PluginRegistry;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The sizes shared by the fixed experiment jobs ({@code quickstart}, {@code ablation}): training
 * epochs, attacked test samples, attack iterations and backend threads; and the backend they
 * train on, with its options resolved like {@code train}'s.
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
   * The backend chosen with {@code --backend} and every one of its option values in effect:
   * {@code --threads} over the configuration over the declared defaults.
   *
   * @throws org.ecoc4j.launcher.plugins.UnknownPluginException for an unknown backend
   * @throws org.ecoc4j.api.plugin.InvalidOptionException for an option the backend does not
   *     have, or a malformed value
   */
  ChosenBackend chooseBackend(
      BackendSelector selector, PluginOptionResolver resolver, PluginRegistry<Backend> backends) {
    PluginEntry<Backend> entry = backend.forNewModel(selector, backends);
    Map<String, String> given = new LinkedHashMap<>();
    if (threads != null) {
      given.put("threads", Integer.toString(threads));
    }
    return new ChosenBackend(entry, resolver.resolve(backends, entry, given).options().asText());
  }

  /**
   * A backend and its option values.
   *
   * @param entry the backend
   * @param options every option value in effect
   */
  record ChosenBackend(PluginEntry<Backend> entry, Map<String, String> options) {}
}
