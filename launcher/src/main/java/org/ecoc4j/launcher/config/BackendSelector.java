package org.ecoc4j.launcher.config;

import java.util.Objects;
import java.util.Optional;
import org.ecoc4j.api.backend.Backend;
import org.ecoc4j.host.PluginEntry;
import org.ecoc4j.host.PluginRegistry;
import org.ecoc4j.host.UnknownPluginException;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigValue;

/**
 * Decides which backend a command uses, as DJL picks its engine: the name given on the command
 * line ({@code --backend}), else the configuration key {@value #KEY} (environment variable {@code
 * ECOC4J_BACKEND}), else the backend a saved model was trained with when it is installed, else
 * the only installed backend, else {@value #FALLBACK} when several are installed.
 */
public final class BackendSelector {

  /** The configuration key naming the default backend. */
  public static final String KEY = "ecoc4j.backend";

  /** The backend chosen among several when nothing else decides. */
  public static final String FALLBACK = "ort";

  private final Config config;

  /** A selector reading the default from {@code config}. */
  public BackendSelector(Config config) {
    this.config = Objects.requireNonNull(config, "config");
  }

  /**
   * The backend to use.
   *
   * @param given the name given on the command line, or {@code null}
   * @param trainedWith the backend a saved model was trained with, or {@code null} for a new model
   * @throws UnknownPluginException for a given or configured name no installed backend has (the
   *     message names where the name came from and lists the installed backends), when none is
   *     installed, or when several are, none of them {@value #FALLBACK}, and nothing chooses one
   */
  public PluginEntry<Backend> select(
      PluginRegistry<Backend> backends, String given, String trainedWith) {
    if (given != null) {
      return backends.require(given);
    }
    ConfigValue configured = config.getConfigValue(KEY);
    if (configured.getValue() != null && !configured.getValue().isBlank()) {
      try {
        return backends.require(configured.getValue().strip());
      } catch (UnknownPluginException e) {
        throw new UnknownPluginException(
            PluginOptionResolver.describe(configured) + ": " + e.getMessage());
      }
    }
    Optional<PluginEntry<Backend>> original =
        trainedWith == null ? Optional.empty() : backends.find(trainedWith);
    if (original.isPresent()) {
      return original.get();
    }
    if (backends.names().size() == 1) {
      return backends.entries().get(0);
    }
    if (backends.names().size() > 1 && backends.find(FALLBACK).isEmpty()) {
      throw new UnknownPluginException(
          "several backends are installed (" + String.join(", ", backends.names())
              + ") and none is chosen; give --backend NAME or set " + KEY);
    }
    return backends.require(FALLBACK);
  }
}
