package org.ecoc4j.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The repeatable {@code -O name=value} option that sets plugin options on the command line. */
public final class PluginOptionsMixin {

  @Option(
      names = {"-O", "--option"},
      paramLabel = "NAME=VALUE",
      description = "A plugin option (repeatable); overrides configuration. "
          + "'ecoc4j plugins show NAME' lists them.")
  private Map<String, String> values = new LinkedHashMap<>();

  /** The options given, by name, in command-line order. */
  public Map<String, String> values() {
    return new LinkedHashMap<>(values);
  }
}
