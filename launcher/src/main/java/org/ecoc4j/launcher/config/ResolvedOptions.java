package org.ecoc4j.launcher.config;

import java.util.Map;
import java.util.Objects;
import org.ecoc4j.api.plugin.Options;

/**
 * One plugin's options after configuration and command line were merged.
 *
 * @param options the validated, typed values (defaults included)
 * @param raw the values given by configuration or command line, as text, by option name
 */
public record ResolvedOptions(Options options, Map<String, String> raw) {

  /** Copies the raw values. */
  public ResolvedOptions {
    Objects.requireNonNull(options, "options");
    raw = Map.copyOf(raw);
  }
}
