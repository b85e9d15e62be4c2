package org.ecoc4j.launcher;

import org.ecoc4j.launcher.cli.Console;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;

/** Reports a usage error as one line on stderr, pointing to {@code --help}; exit code 2. */
final class UsageErrorHandler implements IParameterExceptionHandler {

  private final Console console;

  UsageErrorHandler(Console console) {
    this.console = console;
  }

  @Override
  public int handleParseException(ParameterException error, String[] args) {
    String command = error.getCommandLine().getCommandSpec().qualifiedName();
    console.error(command + ": " + error.getMessage() + " (see '" + command + " --help')");
    return CommandLine.ExitCode.USAGE;
  }
}
