package org.ecoc4j.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ecoc4j reproduce}: the group of commands that rerun a paper's tables at CPU scale. */
@Command(
    name = "reproduce",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Rerun a paper's tables at CPU scale on the bundled samples.",
    subcommands = {ReproduceErrorDetectingCommand.class, ReproduceCodedSmoothingCommand.class,
        ReproduceContrastiveCommand.class})
public final class ReproduceCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Refuses to run without a subcommand. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
