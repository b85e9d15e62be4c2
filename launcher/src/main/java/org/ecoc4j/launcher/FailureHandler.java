package org.ecoc4j.launcher;

import com.google.inject.ProvisionException;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.launcher.cli.Console;
import org.ecoc4j.launcher.cli.GlobalOptions;
import org.ecoc4j.host.UnknownPluginException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Reports an error thrown by a command as one line on stderr, with the stack trace only under
 * {@code --verbose}. Unknown plugin names and invalid plugin options are usage errors (exit code
 * 2); everything else is a failure (exit code 1).
 */
final class FailureHandler implements IExecutionExceptionHandler {

  private final Console console;
  private final GlobalOptions options;

  FailureHandler(Console console, GlobalOptions options) {
    this.console = console;
    this.options = options;
  }

  @Override
  public int handleExecutionException(Exception error, CommandLine command, ParseResult parsed) {
    Throwable cause = rootOfProvision(error);
    String message = cause.getMessage() == null ? cause.getClass().getName() : cause.getMessage();
    boolean usage = cause instanceof UnknownPluginException || cause instanceof InvalidOptionException;
    String name = command.getCommandSpec().qualifiedName();
    console.error(
        name + ": " + oneLine(message) + (usage ? " (see '" + name + " --help')" : ""));
    if (options.verbose()) {
      error.printStackTrace(console.err());
      console.err().flush();
    }
    return usage ? CommandLine.ExitCode.USAGE : CommandLine.ExitCode.SOFTWARE;
  }

  /** The exception a Guice provider threw, unwrapped from Guice's provisioning report. */
  private static Throwable rootOfProvision(Throwable error) {
    Throwable cause = error;
    while (cause instanceof ProvisionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause;
  }

  private static String oneLine(String message) {
    return message.replaceAll("\\s*\\R\\s*", " ").strip();
  }
}
