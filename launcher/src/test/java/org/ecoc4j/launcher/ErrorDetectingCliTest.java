package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * The acceptance of the error-detecting defense from the command line, in-process on the bundled
 * Fashion-MNIST sample: {@code train --defense error-detecting --architecture lenet --dataset
 * fashion-mnist} (3 epochs here) writes a model directory that {@code evaluate} reloads; its clean
 * row shows a non-zero rejection rate and a reliability above the accuracy; bad options are usage
 * errors naming the option.
 */
class ErrorDetectingCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void trainedModelReloadsAndEvaluatesWithRejection() throws IOException {
    CliResult train =
        run("train", "--defense", "error-detecting", "--architecture", "lenet", "--dataset",
            "fashion-mnist", "--epochs", "3", "--out", "crc7");
    assertEquals(0, train.code(), train::toString);
    assertTrue(train.out().startsWith("trained error-detecting (1 members x 10 outputs)"),
        train::toString);
    JsonNode model = new ObjectMapper().readTree(work.resolve("crc7/model.json").toFile());
    JsonNode defense = model.at("/provenance/defense");
    assertEquals("crc", defense.at("/options/code").asText(), model::toString);
    assertEquals("zadeh", defense.at("/options/loss").asText());
    assertEquals("zadeh", model.at("/provenance/decoder/name").asText(), model::toString);

    CliResult evaluate =
        run("evaluate", "--model", "crc7", "--attacks", "fgsm", "--epsilons", "0.1",
            "--protocol", "papers", "--steps", "5", "--samples", "300", "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    JsonNode report;
    try (Stream<Path> files = Files.walk(work.resolve("report"))) {
      report = new ObjectMapper().readTree(files
          .filter(f -> f.endsWith("report.json"))
          .findFirst().orElseThrow().toFile());
    }
    JsonNode clean = report.get("clean");
    double accuracy = clean.get("accuracy").asDouble();
    double rejection = clean.get("rejectionRate").asDouble();
    double reliability = clean.get("reliability").asDouble();
    assertTrue(accuracy > 0.5, clean::toString);
    assertTrue(rejection > 0, "non-zero rejection: " + clean);
    assertTrue(reliability > accuracy, "reliability above accuracy: " + clean);
  }

  @Test
  void badOptionsAreUsageErrorsNamingTheOption() {
    CliResult delta =
        run("train", "--defense", "error-detecting", "--architecture", "lenet", "--dataset",
            "fashion-mnist", "-O", "threshold=1.5", "--out", "m");
    assertEquals(2, delta.code(), delta::toString);
    assertTrue(delta.err().contains("threshold") && delta.err().contains("[0, 1]"),
        delta::toString);
    CliResult tooShort =
        run("train", "--defense", "error-detecting", "--architecture", "lenet", "--dataset",
            "fashion-mnist", "-O", "code-length=8", "--out", "m");
    assertEquals(2, tooShort.code(), tooShort::toString);
    assertTrue(tooShort.err().contains("10 classes"), tooShort::toString);
    CliResult incompatible =
        run("train", "--defense", "error-detecting", "--architecture", "lenet", "--dataset",
            "fashion-mnist", "-O", "code=hadamard", "-O", "decoder.syndrome=required",
            "--out", "m");
    assertEquals(2, incompatible.code(), incompatible::toString);
    assertTrue(incompatible.err().contains("zadeh") && incompatible.err().contains("hadamard"),
        incompatible::toString);
    assertTrue(Files.notExists(work.resolve("m")), "nothing is written on failure");
  }
}
