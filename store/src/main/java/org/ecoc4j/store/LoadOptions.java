package org.ecoc4j.store;

import java.util.Map;
import java.util.Objects;
import org.ecoc4j.experiments.PluginLookup;

/**
 * How a {@link DefendedModel} is opened.
 *
 * @param plugins where the defense, decoder, dataset and backend plugins are found: {@link
 *     PluginLookup#builtIn()} for those on the module path, or a plugin catalog's
 * @param datasetOptions options that override the recorded ones of the model's dataset (for
 *     example {@code data-dir}); the dataset is opened only for its class names and shape
 * @param backendOptions options that override the recorded ones of the model's backend (for
 *     example {@code threads} or {@code device})
 */
public record LoadOptions(
    PluginLookup plugins, Map<String, String> datasetOptions, Map<String, String> backendOptions) {

  /** Copies the maps. */
  public LoadOptions {
    Objects.requireNonNull(plugins, "plugins");
    datasetOptions = Map.copyOf(datasetOptions);
    backendOptions = Map.copyOf(backendOptions);
  }

  /** The built-in plugins and the recorded options. */
  public static LoadOptions defaults() {
    return new LoadOptions(PluginLookup.builtIn(), Map.of(), Map.of());
  }

  /** A copy with other plugins. */
  public LoadOptions withPlugins(PluginLookup lookup) {
    return new LoadOptions(lookup, datasetOptions, backendOptions);
  }

  /** A copy with these dataset options over the recorded ones. */
  public LoadOptions withDatasetOptions(Map<String, String> options) {
    return new LoadOptions(plugins, options, backendOptions);
  }

  /** A copy with these backend options over the recorded ones. */
  public LoadOptions withBackendOptions(Map<String, String> options) {
    return new LoadOptions(plugins, datasetOptions, options);
  }
}
