package org.ecoc4j.launcher.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * The repeatable {@code -O name=value} option that sets plugin options on the command line. A
 * name given twice is a usage error naming both values, rather than the last one silently
 * winning.
 */
public final class PluginOptionsMixin {

  @Option(
      names = {"-O", "--option"},
      paramLabel = "NAME=VALUE",
      parameterConsumer = NameValueConsumer.class,
      description = "A plugin option (repeatable, each name once); overrides configuration. "
          + "'ecoc4j plugins show NAME' lists them.")
  private Map<String, String> values = new LinkedHashMap<>();

  /** The options given, by name, in command-line order. */
  public Map<String, String> values() {
    return new LinkedHashMap<>(values);
  }

  /** Parses one {@code NAME=VALUE} and refuses a missing {@code =} or a repeated name. */
  static final class NameValueConsumer implements IParameterConsumer {

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec spec) {
      if (args.isEmpty()) {
        throw new ParameterException(spec.commandLine(), "-O needs NAME=VALUE");
      }
      String given = args.pop();
      int eq = given.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(spec.commandLine(),
            "-O '" + given + "' is not NAME=VALUE");
      }
      String name = given.substring(0, eq);
      String value = given.substring(eq + 1);
      Map<String, String> map = argSpec.getValue();
      if (map == null) {
        map = new LinkedHashMap<>();
        argSpec.setValue(map);
      }
      String earlier = map.putIfAbsent(name, value);
      if (earlier != null) {
        throw new ParameterException(spec.commandLine(), "-O " + name + " is given twice ('"
            + earlier + "' and '" + value + "'); give each option once");
      }
    }
  }
}
