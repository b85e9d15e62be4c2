package org.ecoc4j.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ecoc4j data}: the group of commands about datasets. */
@Command(
    name = "data",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Fetch full datasets and look at their images.",
    subcommands = {DataFetchCommand.class, DataShowCommand.class})
public final class DataCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Refuses to run without a subcommand. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
