package org.ecoc4j.launcher;

/**
 * What one in-process run of the launcher produced.
 *
 * @param code exit code
 * @param out standard output
 * @param err standard error
 */
record CliResult(int code, String out, String err) {

  @Override
  public String toString() {
    return "exit " + code + "\n--- out ---\n" + out + "--- err ---\n" + err;
  }
}
