package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecoc4j reproduce coded-smoothing} in-process at a tiny scale (1 epoch on a tenth of the
 * sample, 20 samples, 1 step, 2 re-scoring draws): it prints the table with the four models and
 * the draws and writes it; a bad epsilon and draws below 1 are usage errors naming the option.
 */
class ReproduceCodedSmoothingCliTest {

  @TempDir Path work;

  @Test
  void printsAndWritesTheTable() {
    CliResult run = Cli.in(work).run("reproduce", "coded-smoothing", "--epochs", "1",
        "--samples", "20", "--steps", "1", "--epsilons", "0.1", "-O", "dataset.subset=0.1",
        "--draws", "2", "--out", "cs");
    assertEquals(0, run.code(), run::toString);
    for (String model : new String[] {"ERM (one-hot)", "Mixup (alpha 1)",
        "coded-smoothing, plain", "coded-smoothing, RCI"}) {
      assertTrue(run.out().contains("| " + model + " |"), run::toString);
    }
    assertTrue(run.out().contains("worst case over 2 permutation draws"), run::toString);
    assertTrue(Files.exists(work.resolve("cs").resolve("coded-smoothing.md")));
  }

  @Test
  void drawsBelowOneAreAUsageError() {
    CliResult run = Cli.in(work).run("reproduce", "coded-smoothing", "--draws", "0",
        "--out", "none");
    assertEquals(2, run.code(), run::toString);
    assertTrue(run.err().contains("--draws") && run.err().contains("at least 1"),
        run::toString);
  }

  @Test
  void aBadEpsilonIsAUsageError() {
    CliResult run = Cli.in(work).run("reproduce", "coded-smoothing", "--epsilons", "-0.1",
        "--out", "bad");
    assertEquals(2, run.code(), run::toString);
    assertTrue(run.err().contains("--epsilons"), run::toString);
  }
}
