package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evaluate --protocol papers,codewords --threshold-curve --ood} on a model deployed with a
 * rejecting decoder ({@code zadeh} over a CRC7 code), trained for one epoch on the bundled
 * Fashion-MNIST sample; and the usage errors of those options.
 */
class RejectionCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void evaluateWritesTheThresholdCurveAndOutOfDistributionRejection() throws IOException {
    CliResult train =
        run("train", "--defense", "random-target", "--model", "lenet", "--dataset",
            "fashion-mnist", "--epochs", "1", "-O", "code=crc", "-O", "decoder=zadeh",
            "--out", "model");
    assertEquals(0, train.code(), train::toString);
    CliResult evaluate =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--epsilons", "0.1",
            "--protocol", "papers,codewords", "--samples", "120", "--threshold-curve", "--ood",
            "noise,mnist", "--ood-samples", "80", "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    assertTrue(evaluate.out().contains("apgd-codeword-t 0.1"), evaluate::toString);
    assertTrue(evaluate.out().contains("out-of-distribution uniform-noise: rejected"),
        evaluate::toString);
    assertTrue(evaluate.out().contains("out-of-distribution mnist test: rejected"),
        evaluate::toString);
    assertTrue(evaluate.out().contains("first-choice"), evaluate::toString);

    ObjectMapper json = new ObjectMapper();
    JsonNode report;
    try (Stream<Path> files = Files.walk(work.resolve("report"))) {
      report = json.readTree(files.filter(f -> f.endsWith("report.json"))
          .findFirst().orElseThrow().toFile());
    }
    List<String> runs = report.at("/provenance/attackSuite/runs").findValuesAsText("label");
    assertEquals(List.of("fgsm", "apgd-codeword", "apgd-codeword-t"), runs, report::toString);
    assertEquals("codeword-margin",
        report.at("/provenance/attackSuite/codewordProtocol/objective").asText());
    for (JsonNode attack : report.get("attacks")) {
      JsonNode m = attack;
      assertEquals(1.0, m.get("accuracy").asDouble() + m.get("undetectableError").asDouble()
          + m.get("rejectionRate").asDouble(), 1e-9, attack::toString);
    }
    JsonNode clean = report.get("clean");
    double accuracy = clean.get("accuracy").asDouble();
    double undetectable = clean.get("undetectableError").asDouble();
    double rejection = clean.get("rejectionRate").asDouble();
    assertEquals(1.0, accuracy + undetectable + rejection, 1e-9, clean::toString);
    if (!clean.get("firstChoiceAccuracy").isNull()) {
      assertTrue(clean.get("firstChoiceAccuracy").asDouble() >= accuracy, clean::toString);
    }

    List<String> curve = Files.readAllLines(work.resolve("report/threshold-curve.csv"));
    assertEquals(1 + 21, curve.size(), curve::toString);
    String[] atZero = curve.get(1).split(",");
    assertEquals("0.0", atZero[0]);
    assertEquals("120", atZero[1]);
    assertEquals(accuracy, Double.parseDouble(atZero[2]), 1e-12,
        "Delta 0 is the deployed decoder on the same samples");
    assertEquals(rejection, Double.parseDouble(atZero[4]), 1e-12);
    assertEquals("1.0", curve.get(21).split(",")[0]);
    assertTrue(Files.size(work.resolve("report/accuracy-reliability.png")) > 0);

    JsonNode ood = json.readTree(work.resolve("report/ood.json").toFile());
    assertEquals(2, ood.get("sources").size(), ood::toString);
    assertEquals("uniform-noise", ood.at("/sources/0/source").asText());
    assertEquals("mnist test", ood.at("/sources/1/source").asText());
    assertEquals("1x28x28", ood.at("/sources/1/sourceShape").asText());
    assertEquals(80, ood.at("/sources/0/samples").asInt());
    assertEquals("zadeh", ood.at("/provenance/decoder").asText());
    assertTrue(ood.at("/sources/0/rejectionRate").asDouble() > 0.5,
        "a model trained on CRC7 and deployed with zadeh rejects most uniform noise: " + ood);
    for (JsonNode source : ood.get("sources")) {
      double rejected = source.get("rejectionRate").asDouble();
      assertEquals(1.0, rejected + source.get("undetectableError").asDouble(), 1e-9);
      assertEquals(rejected, source.at("/curve/0/rejectionRate").asDouble(), 1e-12);
    }
  }

  @Test
  void badThresholdsAndTransformsAreUsageErrors() {
    CliResult delta = run("evaluate", "--model", "absent", "--threshold-curve", "0.5,1.5",
        "--out", "r");
    assertEquals(2, delta.code(), delta::toString);
    assertTrue(delta.err().contains("[0, 1], got 1.5"), delta::toString);
    CliResult text = run("evaluate", "--model", "absent", "--threshold-curve", "high",
        "--out", "r");
    assertEquals(2, text.code(), text::toString);
    assertTrue(text.err().contains("'high' is not a number"), text::toString);
    CliResult transform = run("evaluate", "--model", "absent", "--ood", "mnist",
        "--ood-transform", "shrink", "--out", "r");
    assertEquals(2, transform.code(), transform::toString);
    assertTrue(transform.err().contains("unknown image transform 'shrink'"), transform::toString);
    CliResult protocol = run("evaluate", "--model", "absent", "--protocol", "papers,strong",
        "--out", "r");
    assertEquals(2, protocol.code(), protocol::toString);
    assertTrue(protocol.err().contains("papers, standard, codewords or both"),
        protocol::toString);
    CliResult alone = run("evaluate", "--model", "absent", "--ood-transform", "resize",
        "--out", "r");
    assertEquals(2, alone.code(), alone::toString);
    assertTrue(alone.err().contains("--ood-transform needs --ood"), alone::toString);
  }
}
