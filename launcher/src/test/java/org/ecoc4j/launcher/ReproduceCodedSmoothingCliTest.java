package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecoc4j reproduce coded-smoothing} in-process at a tiny scale (1 epoch on a tenth of the
 * sample, 20 samples, 1 step, 2 re-scoring draws, {@code --block head}): it prints the table with
 * the six models (two around the block asked for) and the draws and writes it; a bad epsilon and
 * draws below 1 are usage errors naming the option; a block lenet does not declare fails naming
 * lenet's blocks, with no model trained.
 */
class ReproduceCodedSmoothingCliTest {

  @TempDir Path work;

  @Test
  void printsAndWritesTheTable() {
    CliResult run = Cli.in(work).run("reproduce", "coded-smoothing", "--epochs", "1",
        "--samples", "20", "--steps", "1", "--epsilons", "0.1", "-O", "dataset.subset=0.1",
        "--draws", "2", "--block", "head", "--out", "cs");
    assertEquals(0, run.code(), run::toString);
    for (String model : new String[] {"ERM (one-hot)", "Mixup (alpha 1)",
        "coded-smoothing, plain", "coded-smoothing, RCI", "coded-smoothing around head, plain",
        "coded-smoothing around head, RCI"}) {
      assertTrue(run.out().contains("| " + model + " |"), run::toString);
    }
    assertTrue(run.out().contains("worst case over 2 permutation draws"), run::toString);
    assertTrue(Files.exists(work.resolve("cs").resolve("coded-smoothing.md")));
    assertTrue(Files.exists(work.resolve("cs").resolve("models").resolve(
        "coded-smoothing-head.ckpt")));
  }

  @Test
  void aBlockLenetDoesNotDeclareFailsNamingItsBlocks() {
    CliResult run = Cli.in(work).run("reproduce", "coded-smoothing", "--block", "conv9",
        "-O", "dataset.subset=0.1", "--out", "conv9");
    assertEquals(1, run.code(), run::toString);
    assertTrue(run.err().contains("'conv9'") && run.err().contains("conv1, conv2, head"),
        run::toString);
    assertFalse(Files.exists(work.resolve("conv9").resolve("models").resolve("one-hot.ckpt")),
        run::toString);
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
