package org.ecoc4j.launcher;

import com.google.inject.Guice;
import com.google.inject.Injector;
import java.io.PrintWriter;
import org.ecoc4j.launcher.cli.Console;
import org.ecoc4j.launcher.cli.GlobalOptions;
import org.ecoc4j.launcher.cli.OldOptionNames;
import org.ecoc4j.launcher.cli.RootCommand;
import picocli.CommandLine;

/**
 * Wires one run of the launcher: a Guice injector, the picocli command tree created through it,
 * and the handlers that turn errors into one line on stderr and exit codes 1 (failure) or 2
 * (usage).
 */
public final class Launcher {

  static {
    // Guice's generated fast classes live in an unnamed module that cannot see the launcher's
    // packages; with generation off Guice uses plain reflection, which the module opens to it.
    if (System.getProperty("guice_bytecode_gen_option") == null) {
      System.setProperty("guice_bytecode_gen_option", "DISABLED");
    }
  }

  private Launcher() {}

  /**
   * Runs {@code args} in-process.
   *
   * @param environment working directory, environment variables and system properties to use
   * @param out standard output
   * @param err standard error
   * @return the exit code: 0 ok, 1 failure (running out of memory included), 2 usage error
   */
  public static int run(LaunchEnvironment environment, PrintWriter out, PrintWriter err, String... args) {
    CommandLine commandLine = commandLine(environment, out, err);
    int code;
    try {
      code = commandLine.execute(args);
    } catch (OutOfMemoryError e) {
      out.flush();
      err.println(outOfMemory(e, Runtime.getRuntime().maxMemory()));
      code = CommandLine.ExitCode.SOFTWARE;
    }
    out.flush();
    err.flush();
    return code;
  }

  /**
   * The one line that reports running out of memory: picocli hands errors on, and a stack trace
   * would not tell the user what to change.
   */
  static String outOfMemory(OutOfMemoryError error, long maxHeapBytes) {
    String what = error.getMessage() == null ? "" : " (" + error.getMessage() + ")";
    return "ecoc4j: out of memory" + what + "; the Java heap may hold " + maxHeapBytes / (1 << 20)
        + " MiB: ask for less (fewer classes, samples or a smaller batch) or give Java more, e.g."
        + " JAVA_OPTS=-Xmx8g";
  }

  /**
   * The command tree of one run, its commands created by Guice, writing to {@code out} and
   * {@code err}.
   */
  static CommandLine commandLine(LaunchEnvironment environment, PrintWriter out, PrintWriter err) {
    Console console = new Console(out, err);
    Injector injector = Guice.createInjector(new LauncherModule(environment, console));
    CommandLine commandLine = new CommandLine(RootCommand.class, new GuiceCommandFactory(injector));
    OldOptionNames.addTo(commandLine);
    commandLine.setOut(out);
    commandLine.setErr(err);
    GlobalOptions options = injector.getInstance(GlobalOptions.class);
    commandLine.setParameterExceptionHandler(new UsageErrorHandler(console));
    commandLine.setExecutionExceptionHandler(new FailureHandler(console, options));
    return commandLine;
  }
}
