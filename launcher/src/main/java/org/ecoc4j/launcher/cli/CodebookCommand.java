package org.ecoc4j.launcher.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ecoc4j codebook}: the group of commands about codebooks. */
@Command(
    name = "codebook",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = "Generate codebooks and decode network outputs with them.",
    subcommands = {CodebookGenerateCommand.class, CodebookDecodeCommand.class})
public final class CodebookCommand implements Runnable {

  @Spec private CommandSpec spec;

  /** Refuses to run without a subcommand. */
  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing required subcommand");
  }
}
