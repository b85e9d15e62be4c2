package org.ecoc4j.host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ecoc4j.api.plugin.OptionSpec;
import org.ecoc4j.api.plugin.Plugin;

/**
 * One service provider interface the host loads plugins of.
 *
 * @param <T> the SPI type
 * @param key the word used in configuration keys and JSON, e.g. {@code codebook} in {@code
 *     ecoc4j.codebook.random-binary.length}
 * @param title what one plugin of this SPI is called in messages, e.g. {@code codebook generator}
 * @param type the SPI interface
 * @param commonOptions options accepted for every plugin of this SPI (for codebook generators:
 *     length, members, seed), configured and validated like plugin options
 */
public record PluginKind<T extends Plugin>(
    String key, String title, Class<T> type, List<OptionSpec> commonOptions) {

  /** Checks that the key is one lower-case word, usable in configuration keys. */
  public PluginKind {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(type, "type");
    commonOptions = List.copyOf(commonOptions);
    if (!key.matches("[a-z][a-z0-9]*")) {
      throw new IllegalArgumentException("plugin kind key '" + key + "' must be one lower-case word");
    }
  }

  /** A kind whose plugins take only their own options. */
  public PluginKind(String key, String title, Class<T> type) {
    this(key, title, type, List.of());
  }

  /** Every option {@code plugin} accepts: the common ones of this SPI, then its own. */
  public List<OptionSpec> optionsOf(Plugin plugin) {
    List<OptionSpec> all = new ArrayList<>(commonOptions);
    all.addAll(plugin.options());
    return all;
  }

  /**
   * Casts a provider found for this kind to the SPI type.
   *
   * @throws ClassCastException if {@code plugin} does not implement the SPI
   */
  public T cast(Object plugin) {
    return type.cast(plugin);
  }

  @Override
  public String toString() {
    return title;
  }
}
