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
 * {@code coded-smoothing} around one block from the command line, in-process on the bundled
 * Fashion-MNIST sample: {@code -O block=conv2 -O inference=rci} (K = 4, N = 8, 1 epoch on a tenth
 * of the sample) trains, records the block, and {@code evaluate} reloads it and attacks its RCI
 * around the block above chance; a block lenet does not declare fails naming lenet's blocks. The
 * same around the second stage of {@code resnet20v2}, which has batch normalization.
 */
class CodedSmoothingBlockCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void codingAroundABlockTrainsAndEvaluates() throws IOException {
    CliResult train = run("train", "--defense", "coded-smoothing", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--epochs", "1", "-O", "dataset.subset=0.1",
        "-O", "block=conv2", "-O", "inference=rci", "-O", "group=4", "-O", "coded=8",
        "--out", "coded");
    assertEquals(0, train.code(), train::toString);
    JsonNode model = new ObjectMapper().readTree(work.resolve("coded/model.json").toFile());
    assertEquals("conv2", model.at("/provenance/defense/options/block").asText(),
        model::toString);

    CliResult evaluate = run("evaluate", "--model", "coded", "--attacks", "fgsm", "--epsilons",
        "0.1", "--protocol", "papers", "--steps", "1", "--samples", "40", "--draws", "2",
        "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    JsonNode report = report(work.resolve("report"));
    double clean = report.at("/clean/accuracy").asDouble();
    assertTrue(clean > 0.25, "above chance (0.1) after 1 epoch: " + clean);
  }

  /**
   * A batch-normalized residual network coded around its second stage: {@code resnet20v2 -O
   * block=stage2} trains a few steps (4 batches from 1 % of the sample) and {@code evaluate}
   * scores its RCI around that stage, re-scored over fresh permutations of batches of K = 4.
   */
  @Test
  void codingAroundAResNetStageTrainsAndEvaluatesWithRci() throws IOException {
    CliResult train = run("train", "--defense", "coded-smoothing", "--architecture", "resnet20v2",
        "--dataset", "fashion-mnist", "--epochs", "1", "--batch-size", "16",
        "-O", "dataset.subset=0.01", "-O", "block=stage2", "-O", "inference=rci",
        "-O", "group=4", "-O", "coded=8", "--out", "resnet");
    assertEquals(0, train.code(), train::toString);
    JsonNode model = new ObjectMapper().readTree(work.resolve("resnet/model.json").toFile());
    assertEquals("stage2", model.at("/provenance/defense/options/block").asText(),
        model::toString);
    assertEquals("rci", model.at("/provenance/defense/options/inference").asText(),
        model::toString);

    CliResult evaluate = run("evaluate", "--model", "resnet", "--attacks", "fgsm", "--epsilons",
        "0.1", "--protocol", "papers", "--steps", "1", "--samples", "16", "--draws", "2",
        "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    JsonNode report = report(work.resolve("report"));
    assertEquals(2, report.at("/provenance/attackSuite/rescoring/draws").asInt(), report::toString);
    assertEquals(4, report.at("/provenance/attackSuite/rescoring/coupledBatch").asInt(),
        "RCI scores batches of K = 4: " + report);
    double clean = report.at("/clean/accuracy").asDouble(-1);
    assertTrue(clean >= 0 && clean <= 1, "a clean accuracy: " + report);
  }

  @Test
  void aBlockLenetDoesNotDeclareIsAnErrorNamingItsBlocks() {
    CliResult train = run("train", "--defense", "coded-smoothing", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "-O", "dataset.subset=0.1", "-O", "block=conv9",
        "-O", "group=4", "-O", "coded=8", "--out", "none");
    assertEquals(1, train.code(), train::toString);
    assertTrue(train.err().contains("conv9") && train.err().contains("conv1, conv2, head"),
        train::toString);
    assertFalse(Files.exists(work.resolve("none").resolve("model.json")));
  }

  /** The evaluation report written somewhere below {@code folder}. */
  private static JsonNode report(Path folder) throws IOException {
    try (Stream<Path> files = Files.walk(folder)) {
      return new ObjectMapper().readTree(files
          .filter(f -> f.endsWith("report.json"))
          .findFirst().orElseThrow().toFile());
    }
  }
}
