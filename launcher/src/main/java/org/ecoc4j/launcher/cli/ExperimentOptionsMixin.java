package org.ecoc4j.launcher.cli;

import picocli.CommandLine.Option;

/**
 * The sizes shared by the fixed experiment jobs ({@code quickstart}, {@code ablation}): training
 * epochs, attacked test samples, attack iterations and backend threads.
 */
public final class ExperimentOptionsMixin {

  @Option(names = "--epochs", defaultValue = "10", paramLabel = "N",
      description = "Training epochs of each model (default: ${DEFAULT-VALUE}).")
  int epochs;

  @Option(names = "--samples", defaultValue = "500", paramLabel = "N",
      description = "Test samples attacked (default: ${DEFAULT-VALUE}).")
  int samples;

  @Option(names = "--steps", defaultValue = "40", paramLabel = "N",
      description = "Iterations of PGD and MIM (default: ${DEFAULT-VALUE}, the paper's).")
  int steps;

  @Option(names = "--threads", defaultValue = "2", paramLabel = "N",
      description = "Backend threads (default: ${DEFAULT-VALUE}).")
  int threads;
}
