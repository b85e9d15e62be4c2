package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ecoc4j evaluate --draws N}: a coded-smoothing model with randomized coded inference (1
 * epoch on a tenth of the sample, K = 4, N = 8) is re-scored over the draws asked for, which the
 * report's provenance records with the coupled batch; draws below 1 are a usage error naming the
 * option, before any model is read.
 */
class EvaluateDrawsCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void theDrawsReachTheRescoringAndTheProvenance() throws IOException {
    CliResult train = run("train", "--defense", "coded-smoothing", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--epochs", "1", "-O", "dataset.subset=0.1",
        "-O", "group=4", "-O", "coded=8", "-O", "inference=rci", "--out", "rci");
    assertEquals(0, train.code(), train::toString);
    CliResult evaluate = run("evaluate", "--model", "rci", "--attacks", "fgsm", "--epsilons",
        "0.1", "--protocol", "papers", "--steps", "1", "--samples", "8", "--draws", "3",
        "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    assertTrue(evaluate.out().contains("worst case over 3 draws (test batches of 4)"),
        evaluate::toString);
    JsonNode report;
    try (Stream<Path> files = Files.walk(work.resolve("report"))) {
      report = new ObjectMapper().readTree(files
          .filter(f -> f.endsWith("report.json"))
          .findFirst().orElseThrow().toFile());
    }
    JsonNode rescoring = report.at("/provenance/attackSuite/rescoring");
    assertEquals(3, rescoring.get("draws").asInt(), report::toString);
    assertEquals(4, rescoring.get("coupledBatch").asInt(), report::toString);
  }

  @Test
  void drawsBelowOneAreAUsageError() {
    CliResult evaluate = run("evaluate", "--model", "absent", "--draws", "0", "--out", "r");
    assertEquals(2, evaluate.code(), evaluate::toString);
    assertTrue(evaluate.err().contains("--draws") && evaluate.err().contains("at least 1"),
        evaluate::toString);
    assertFalse(evaluate.err().contains("absent"), evaluate::toString);
  }
}
