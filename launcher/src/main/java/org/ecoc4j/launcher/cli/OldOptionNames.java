package org.ecoc4j.launcher.cli;

import java.util.Map;
import java.util.Stack;
import picocli.CommandLine;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The old names of renamed options, which keep working. Picocli's synopsis shows an option's
 * shortest name, so an old name that is shorter than the new one cannot be a plain alias: each old
 * name is a hidden option (left out of help, synopsis and completion) that hands its values on to
 * the new name. Picocli then parses, checks and reports them as the new option: values given under
 * both names are collected in one list, and a missing required option is named by its new name.
 */
public final class OldOptionNames {

  /** Command name to old option name to new option name. */
  private static final Map<String, Map<String, String>> RENAMED = Map.of(
      "attack", Map.of("--attack", "--attacks", "--epsilon", "--epsilons", "--batch",
          "--batch-size"),
      "evaluate", Map.of("--attack", "--attacks", "--epsilon", "--epsilons"),
      "train", Map.of("--model", "--architecture"));

  private OldOptionNames() {}

  /**
   * Adds the old names to the subcommands of {@code root}.
   *
   * @throws IllegalStateException if a renamed command or option is missing, or an old name is
   *     still taken
   */
  public static void addTo(CommandLine root) {
    RENAMED.forEach((command, names) -> {
      CommandLine sub = root.getSubcommands().get(command);
      if (sub == null) {
        throw new IllegalStateException("no command '" + command + "' to add old names to");
      }
      CommandSpec spec = sub.getCommandSpec();
      names.forEach((oldName, newName) -> {
        if (spec.findOption(newName) == null || spec.findOption(oldName) != null) {
          throw new IllegalStateException(
              "'" + command + "' must have " + newName + " and no option " + oldName);
        }
        spec.addOption(OptionSpec.builder(oldName)
            .hidden(true)
            .parameterConsumer(new HandOn(newName))
            .build());
      });
    });
  }

  /** Puts the new name in front of the arguments still to parse, where picocli reads it next. */
  private record HandOn(String newName) implements IParameterConsumer {

    @Override
    public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
      args.push(newName);
    }
  }
}
