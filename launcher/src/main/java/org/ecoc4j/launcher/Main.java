package org.ecoc4j.launcher;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.Charset;

/** The {@code ecoc4j} command's entry point. */
public final class Main {

  private Main() {}

  /** Runs the command line and exits with its code: 0 ok, 1 failure, 2 usage error. */
  public static void main(String[] args) {
    Charset charset = Charset.defaultCharset();
    PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, charset), true);
    PrintWriter err = new PrintWriter(new OutputStreamWriter(System.err, charset), true);
    System.exit(Launcher.run(LaunchEnvironment.current(), out, err, args));
  }
}
