package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code -O} and the configuration reach the dataset, the backend and the defense of {@code
 * train}, and all their options are recorded; a subset trains on the subset.
 */
class PluginOptionsCliTest {

  @TempDir Path work;

  private JsonNode model(String folder) throws IOException {
    return new ObjectMapper().readTree(work.resolve(folder).resolve("model.json").toFile());
  }

  @Test
  void dashOReachesTheDatasetTheBackendAndTheDefenseAndIsRecorded() throws IOException {
    CliResult train =
        Cli.in(work).run("train", "--defense", "random-target", "--architecture", "lenet",
            "--dataset", "fashion-mnist", "--epochs", "1", "-O", "dataset.subset=0.25", "-O",
            "backend.threads=1", "-O", "code-length=16", "-O", "code.min-distance=5", "--out",
            "model");
    assertEquals(0, train.code(), train::toString);
    assertTrue(train.out().contains("(1500 training images)"), train::toString);
    JsonNode model = model("model");
    assertEquals("0.25", model.at("/dataset/options/subset").asText(), model::toString);
    assertEquals("0.25", model.at("/provenance/data/options/subset").asText());
    assertEquals(1500, model.at("/provenance/data/trainSamples").asInt(), "a quarter of 6,000");
    assertEquals(1000, model.at("/provenance/data/testSamples").asInt(), "never reduced");
    assertEquals("1", model.at("/backend/options/threads").asText());
    assertEquals("1", model.at("/provenance/backend/options/threads").asText());
    assertEquals("16", model.at("/provenance/defense/options/code-length").asText());
    assertEquals("5", model.at("/provenance/defense/codebooks/options/min-distance").asText());
    assertEquals("5", model.at("/provenance/defense/options/code.min-distance").asText());
    assertTrue(model.at("/provenance/defense/version").asText().startsWith("0."));
    CliResult evaluate =
        Cli.in(work).run("evaluate", "--model", "model", "--attacks", "fgsm", "--epsilons",
            "0.1", "--samples", "20", "--protocol", "papers", "--out", "report");
    assertEquals(0, evaluate.code(), "nested defense options reload: " + evaluate);
  }

  @Test
  void datasetConfigurationKeysReachTrain() throws IOException {
    Files.writeString(
        work.resolve("ecoc4j.properties"), "ecoc4j.dataset.fashion-mnist.subset=0.25\n");
    CliResult train =
        Cli.in(work).run("train", "--defense", "one-hot", "--architecture", "lenet",
            "--dataset", "fashion-mnist", "--epochs", "1", "--out", "model");
    assertEquals(0, train.code(), train::toString);
    JsonNode model = model("model");
    assertEquals("0.25", model.at("/dataset/options/subset").asText(), model::toString);
    assertEquals(1500, model.at("/provenance/data/trainSamples").asInt());
  }

  @Test
  void anOptionNoPluginHasIsAUsageErrorListingTheValidOnes() {
    CliResult train =
        Cli.in(work).run("train", "--defense", "one-hot", "--architecture", "lenet",
            "--dataset", "fashion-mnist", "--epochs", "1", "-O", "colour=red", "--out", "model");
    assertEquals(2, train.code(), train::toString);
    assertTrue(train.err().contains("dataset.subset") && train.err().contains("backend.threads"),
        train::toString);
    CliResult quickstart = Cli.in(work).run("quickstart", "-O", "colour=red", "--out", "qs");
    assertEquals(2, quickstart.code(), quickstart::toString);
    assertTrue(quickstart.err().contains("dataset.subset"), quickstart::toString);
  }

  @Test
  void aRepeatedDashONameIsAUsageErrorNamingBothValues() {
    CliResult train =
        Cli.in(work).run("train", "--defense", "random-target", "--architecture", "lenet",
            "--dataset", "fashion-mnist", "--epochs", "1", "-O", "code-length=16",
            "-Ocode-length=32", "--out", "model");
    assertEquals(2, train.code(), train::toString);
    assertTrue(train.err().contains("-O code-length is given twice ('16' and '32')"),
        train::toString);
    assertTrue(Files.notExists(work.resolve("model")), "nothing written");
  }

  @Test
  void aDashOWithoutEqualsIsAUsageError() {
    CliResult train =
        Cli.in(work).run("train", "--defense", "one-hot", "--architecture", "lenet",
            "--dataset", "fashion-mnist", "-O", "subset", "--out", "model");
    assertEquals(2, train.code(), train::toString);
    assertTrue(train.err().contains("-O 'subset' is not NAME=VALUE"), train::toString);
  }
}
