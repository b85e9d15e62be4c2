package org.ecoc4j.store;

import java.util.Map;
import java.util.Objects;

/**
 * A plugin chosen by name with its options as text, as recorded in a model directory.
 *
 * @param name the plugin's name
 * @param options its options by name
 */
public record PluginChoice(String name, Map<String, String> options) {

  /** Copies the options and refuses a blank name. */
  public PluginChoice {
    Objects.requireNonNull(name, "name");
    if (name.isBlank()) {
      throw new IllegalArgumentException("plugin name must not be blank");
    }
    options = Map.copyOf(options);
  }
}
