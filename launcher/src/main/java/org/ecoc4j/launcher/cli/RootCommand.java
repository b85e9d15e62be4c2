package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ecoc4j}: the top command; it only holds the global options and the subcommands. */
@Command(
    name = "ecoc4j",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Adversarially robust image classification with output codes.",
    subcommands = {
      PluginsCommand.class, CodebookCommand.class, DataCommand.class, AttackCommand.class,
      TrainCommand.class, EvaluateCommand.class, PredictCommand.class, QuickstartCommand.class,
      AblationCommand.class, ReproduceCommand.class, ExportCommand.class,
      CompletionCommand.class
    })
public final class RootCommand implements Runnable {

  @Mixin private final GlobalOptions globalOptions;

  @Spec private CommandSpec spec;

  /** Creates the command around the run's shared global options. */
  @Inject
  public RootCommand(GlobalOptions globalOptions) {
    this.globalOptions = globalOptions;
  }

  /** Refuses to run without a subcommand. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
