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
 * {@code coded-smoothing} around a codeword defense from the command line, in-process on the
 * bundled Fashion-MNIST sample: {@code -O base=random-binary-ensemble} (2 members, K = 4, N = 8,
 * 2 epochs on half the sample) trains the ensemble's networks with the coded loss, records the
 * base and its options, and {@code evaluate} reloads it (the same codebooks) and decodes it with
 * the ensemble's decoder above chance; an unknown base is a usage error naming the option.
 */
class CodedSmoothingBaseCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void aCodewordBaseTrainsAndEvaluates() throws IOException {
    CliResult train = run("train", "--defense", "coded-smoothing", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--epochs", "2", "-O", "dataset.subset=0.5",
        "-O", "base=random-binary-ensemble", "-O", "base.members=2", "-O", "group=4",
        "-O", "coded=8", "--out", "coded");
    assertEquals(0, train.code(), train::toString);
    assertTrue(train.out().startsWith("trained coded-smoothing (2 members x 64 outputs)"),
        train::toString);
    JsonNode model = new ObjectMapper().readTree(work.resolve("coded/model.json").toFile());
    JsonNode defense = model.at("/provenance/defense");
    assertEquals("random-binary-ensemble", defense.at("/options/base").asText(), model::toString);
    assertEquals("2", defense.at("/options/base.members").asText(), model::toString);
    assertEquals("euclidean", model.at("/provenance/decoder/name").asText(), model::toString);

    CliResult evaluate = run("evaluate", "--model", "coded", "--attacks", "fgsm", "--epsilons",
        "0.1", "--protocol", "papers", "--steps", "1", "--samples", "200", "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    JsonNode report;
    try (Stream<Path> files = Files.walk(work.resolve("report"))) {
      report = new ObjectMapper().readTree(files
          .filter(f -> f.endsWith("report.json"))
          .findFirst().orElseThrow().toFile());
    }
    double clean = report.at("/clean/accuracy").asDouble();
    assertTrue(clean > 0.5, "well above chance (0.1) after 2 epochs: " + clean);
  }

  @Test
  void anUnknownBaseIsAUsageErrorNamingIt() {
    CliResult train = run("train", "--defense", "coded-smoothing", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "-O", "base=no-such-defense", "--out", "none");
    assertEquals(2, train.code(), train::toString);
    assertTrue(train.err().contains("base") && train.err().contains("no-such-defense"),
        train::toString);
    assertFalse(Files.exists(work.resolve("none").resolve("model.json")));
  }
}
