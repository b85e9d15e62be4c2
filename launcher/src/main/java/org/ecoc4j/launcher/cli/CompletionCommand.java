package org.ecoc4j.launcher.cli;

import jakarta.inject.Inject;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ecoc4j completion}: prints the bash/zsh completion script. */
@Command(
    name = "completion",
    mixinStandardHelpOptions = true,
    versionProvider = BuildVersion.class,
    description = {
      "Print the bash (and zsh) completion script.",
      "Use it with: source <(ecoc4j completion)"
    })
public final class CompletionCommand implements Runnable {

  private final Console console;

  @Spec private CommandSpec spec;

  /** Creates the command. */
  @Inject
  public CompletionCommand(Console console) {
    this.console = console;
  }

  /** Prints the script generated from the whole command tree. */
  @Override
  public void run() {
    console.print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
  }
}
