package org.ecoc4j.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ecoc4j plugins}: the group of commands about plugins. */
@Command(
    name = "plugins",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "List plugins and show their options.",
    subcommands = {PluginsListCommand.class, PluginsShowCommand.class})
public final class PluginsCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Refuses to run without a subcommand. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
