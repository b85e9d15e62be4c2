package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code train} and {@code evaluate}, run in-process on the bundled Fashion-MNIST sample. */
class DefenseCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void trainWritesAModelDirectoryThatEvaluateAttacks() throws IOException {
    CliResult train =
        run("train", "--defense", "random-target", "--model", "lenet", "--dataset",
            "fashion-mnist", "--epochs", "1", "-O", "code-length=16", "--out", "model");
    assertEquals(0, train.code(), train::toString);
    assertTrue(train.out().startsWith("trained random-target (1 members x 16 outputs)"),
        train::toString);
    for (String file : new String[] {"checkpoint.ckpt", "model.onnx", "codebooks.json",
        "model.json"}) {
      assertTrue(Files.size(work.resolve("model").resolve(file)) > 0, file);
    }
    CliResult evaluate =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--epsilons", "0.1",
            "--samples", "50", "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    assertTrue(evaluate.out().contains("fgsm 0.1"), evaluate::toString);
    assertTrue(evaluate.out().contains("apgd-loss 0.1"), evaluate::toString);
    assertTrue(evaluate.out().contains("square 0.1"), evaluate::toString);
    assertTrue(evaluate.out().contains("worst-case 0.1"), evaluate::toString);
    assertTrue(evaluate.out().contains("broken first by:"), evaluate::toString);
    assertTrue(Files.exists(work.resolve("report/comparison.md")));
    CliResult attack =
        run("attack", "--model", "model", "--dataset", "fashion-mnist", "--attack", "fgsm",
            "--epsilon", "0.1", "--samples", "40", "--out", "attack-report");
    assertEquals(0, attack.code(), attack::toString);
    assertTrue(attack.out().startsWith("clean accuracy"), attack::toString);

    Path description = work.resolve("model/model.json");
    String original = Files.readString(description);
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode edited =
        (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(original);
    ((com.fasterxml.jackson.databind.node.ObjectNode) edited.get("decoder")).put("name", "zadeh");
    Files.writeString(description, json.writeValueAsString(edited));
    CliResult altered =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--samples", "10", "--out", "r1");
    assertEquals(1, altered.code(), altered::toString);
    assertTrue(altered.err().contains("model.json is corrupt"), altered::toString);
    // without its manifest (as an older directory) the description's own checks still hold
    Files.delete(work.resolve("model/manifest.json"));
    CliResult wrongDecoder =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--samples", "10", "--out", "r2");
    assertEquals(1, wrongDecoder.code(), wrongDecoder::toString);
    assertTrue(wrongDecoder.err().contains("its \"decoder\" block (zadeh")
        && wrongDecoder.err().contains("is not the decoder its defense deploys (euclidean"),
        wrongDecoder::toString);
    edited = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(original);
    ((com.fasterxml.jackson.databind.node.ObjectNode) edited.get("input")).put("channels", 3);
    Files.writeString(description, json.writeValueAsString(edited));
    CliResult wrongInput =
        run("evaluate", "--model", "model", "--attacks", "fgsm", "--samples", "10", "--out", "r3");
    assertEquals(1, wrongInput.code(), wrongInput::toString);
    assertTrue(wrongInput.err().contains("its \"input\" block"), wrongInput::toString);
  }

  @Test
  void attackAttacksTheRecordedDefensesOwnLossAsEvaluateDoes() throws IOException {
    CliResult train =
        run("train", "--defense", "random-binary-ensemble", "--architecture", "lenet",
            "--dataset", "fashion-mnist", "--epochs", "1", "-O", "members=2", "-O",
            "code-length=16", "--backend", "ort", "--out", "ensemble");
    assertEquals(0, train.code(), train::toString);
    assertTrue(train.out().contains("with backend ort"), train::toString);
    String[] budget = {"--steps", "5", "--samples", "60", "--seed", "3"};
    CliResult evaluate = run(concat(new String[] {"evaluate", "--model", "ensemble",
        "--attacks", "pgd", "--epsilons", "0.1", "--protocol", "papers", "--backend", "ort",
        "--out", "report"}, budget));
    assertEquals(0, evaluate.code(), evaluate::toString);
    CliResult attack = run(concat(new String[] {"attack", "--model", "ensemble", "--dataset",
        "fashion-mnist", "--attack", "pgd", "--epsilon", "0.1", "--objective", "loss",
        "--out", "attack-report"}, budget));
    assertEquals(0, attack.code(), attack::toString);

    ObjectMapper json = new ObjectMapper();
    JsonNode attacked = json.readTree(work.resolve("attack-report/report.json").toFile());
    JsonNode evaluated;
    try (Stream<Path> files = Files.walk(work.resolve("report"))) {
      evaluated = json.readTree(files
          .filter(f -> f.endsWith("report.json"))
          .findFirst().orElseThrow().toFile());
    }
    JsonNode model = json.readTree(work.resolve("ensemble/model.json").toFile());
    assertEquals("ort", model.at("/backend/name").asText(), model::toString);
    assertEquals("cpu", model.at("/backend/options/device").asText(), "defaults are recorded");
    assertEquals("ort", model.at("/provenance/checkpointFormat").asText());
    JsonNode defense = model.at("/provenance/defense");
    assertEquals("4.0", defense.at("/options/temperature").asText(), "T = K / 4");
    assertEquals("[\"temperature\"]", defense.get("derivedOptions").toString());
    assertEquals("4", defense.at("/codebooks/options/min-distance").asText(), "ceil(log2 10)");
    assertEquals("16", defense.at("/codebooks/options/max-distance").asText(), "K");
    assertEquals("[\"min-distance\",\"max-distance\"]",
        defense.at("/codebooks/derived").toString());
    assertEquals("ort", evaluated.at("/provenance/backend/name").asText());
    assertEquals("temperature", evaluated.at("/provenance/defense/derivedOptions/0").asText());
    assertEquals(model.at("/provenance/defense"), evaluated.at("/provenance/defense"),
        "one provenance record, one writer");
    String loss = attacked.get("provenance").get("model").get("trainingLoss").asText();
    assertTrue(loss.contains("minus 1.0 x ensemble entropy"), loss);
    assertEquals(evaluated.get("clean"), attacked.get("clean"));
    assertEquals(evaluated.get("attacks"), attacked.get("attacks"));
    assertEquals(evaluated.get("gradients"), attacked.get("gradients"));
  }

  private static String[] concat(String[] first, String[] second) {
    return Stream.concat(Arrays.stream(first), Arrays.stream(second)).toArray(String[]::new);
  }

  @Test
  void badArgumentsAreUsageErrors() {
    CliResult unknown =
        run("train", "--defense", "no-such", "--model", "lenet", "--dataset", "fashion-mnist",
            "--out", "m");
    assertEquals(2, unknown.code(), unknown::toString);
    assertTrue(unknown.err().contains("no-such"), unknown::toString);
    CliResult badOption =
        run("train", "--defense", "random-binary-ensemble", "--model", "lenet", "--dataset",
            "fashion-mnist", "-O", "members=0", "--out", "m");
    assertEquals(2, badOption.code(), badOption::toString);
    assertTrue(badOption.err().contains("members"), badOption::toString);
    CliResult architecture =
        run("train", "--defense", "one-hot", "--architecture", "no-such-net", "--dataset",
            "fashion-mnist", "--epochs", "1", "--backend", "ort", "--out", "m");
    assertEquals(2, architecture.code(), architecture::toString);
    assertTrue(architecture.err().contains(
        "--architecture no-such-net is not an architecture of backend 'ort'; known: "),
        architecture::toString);
    assertTrue(architecture.err().contains("lenet"), architecture::toString);
    CliResult missing = run("evaluate", "--model", "absent", "--out", "r");
    assertEquals(1, missing.code(), missing::toString);
    assertTrue(missing.err().contains("does not exist"), missing::toString);
    CliResult protocol =
        run("evaluate", "--model", "absent", "--protocol", "strong", "--out", "r");
    assertEquals(2, protocol.code(), protocol::toString);
  }

  @Test
  void backendOptionsComeFromConfiguration() throws IOException {
    Files.writeString(work.resolve("cuda.properties"), "ecoc4j.backend.ort.device=cuda\n");
    CliResult cuda =
        run("train", "--config", "cuda.properties", "--defense", "one-hot", "--model", "lenet",
            "--dataset", "fashion-mnist", "--epochs", "1", "--out", "gpu-model");
    assertEquals(1, cuda.code(), cuda::toString);
    assertTrue(cuda.err().contains("CUDA") || cuda.err().contains("cuda"), cuda::toString);
    assertTrue(Files.notExists(work.resolve("gpu-model")), "nothing is written on failure");
    Files.writeString(work.resolve("typo.properties"), "ecoc4j.backend.ort.devise=cpu\n");
    CliResult typo =
        run("train", "--config", "typo.properties", "--defense", "one-hot", "--model", "lenet",
            "--dataset", "fashion-mnist", "--epochs", "1", "--out", "m");
    assertEquals(2, typo.code(), typo::toString);
    assertTrue(typo.err().contains("devise"), typo::toString);
    CliResult train =
        run("train", "--defense", "one-hot", "--model", "lenet", "--dataset", "fashion-mnist",
            "--epochs", "1", "--out", "cpu-model");
    assertEquals(0, train.code(), train::toString);
    CliResult evaluate =
        run("evaluate", "--config", "cuda.properties", "--model", "cpu-model", "--attacks",
            "fgsm", "--epsilons", "0.1", "--samples", "10", "--out", "r");
    assertEquals(1, evaluate.code(), evaluate::toString);
    assertTrue(evaluate.err().contains("CUDA") || evaluate.err().contains("cuda"),
        evaluate::toString);
  }

  @Test
  void aFileNamedLikeAZooArchitectureDoesNotShadowIt() throws IOException {
    Files.writeString(work.resolve("lenet"), "not an ONNX model");
    CliResult zoo =
        run("train", "--defense", "one-hot", "--architecture", "lenet", "--dataset",
            "fashion-mnist", "--epochs", "1", "-O", "dataset.subset=0.25", "--out", "m");
    assertEquals(0, zoo.code(), zoo::toString);
    JsonNode model = new ObjectMapper().readTree(work.resolve("m/model.json").toFile());
    assertEquals("lenet", model.get("architecture").asText(), model::toString);
    CliResult file =
        run("train", "--defense", "one-hot", "--architecture", "./lenet", "--dataset",
            "fashion-mnist", "--epochs", "1", "--out", "f");
    assertEquals(1, file.code(), "a path is read as an ONNX file: " + file);
    assertTrue(Files.notExists(work.resolve("f/model.json")), file::toString);
  }
}
