package org.ecoc4j.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ecoc4j train --validation FRACTION}: lenet, 2 epochs on a tenth of the bundled sample
 * (its 1,000 test images are all kept), a quarter of the test split held out; the deployed epoch
 * is the best of the two on the validation split's accuracy, printed and recorded in {@code
 * model.json} with the fraction and the counts, and {@code evaluate} and {@code attack} attack
 * only the 750 test images that did not select it; a test split of another size (another {@code
 * --data-dir}) gets a warning that the images left out may not be those that selected the epoch.
 * A fraction outside (0, 1) is a usage error naming the option, before any training.
 */
class TrainValidationCliTest {

  @TempDir Path work;

  private CliResult run(String... args) {
    return Cli.in(work).run(args);
  }

  @Test
  void theSelectedEpochIsRecordedAndEvaluateLeavesTheValidationImagesOut() throws IOException {
    CliResult train = run("train", "--defense", "one-hot", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--epochs", "2", "-O", "dataset.subset=0.1",
        "--validation", "0.25", "--out", "m");
    assertEquals(0, train.code(), train::toString);
    JsonNode provenance =
        new ObjectMapper().readTree(work.resolve("m/model.json").toFile()).get("provenance");
    JsonNode history = provenance.get("history");
    int best = history.get(1).get("validationAccuracy").asDouble()
        > history.get(0).get("validationAccuracy").asDouble() ? 2 : 1;
    assertEquals(best, provenance.get("selectedEpoch").asInt(), provenance::toString);
    JsonNode data = provenance.get("data");
    assertEquals(0.25, data.get("validationFraction").asDouble(), provenance::toString);
    assertEquals(250, data.get("validationSamples").asInt(), provenance::toString);
    assertEquals(750, data.get("testSamples").asInt(), provenance::toString);
    assertTrue(train.out().contains("deployed epoch " + best + " (of the last training stage),"
        + " the best on 250 validation images (--validation 0.25"), train::toString);
    assertTrue(train.out().contains("750 test images left for evaluation"), train::toString);

    CliResult evaluate = run("evaluate", "--model", "m", "--attacks", "fgsm", "--epsilons",
        "0.1", "--protocol", "papers", "--samples", "1000", "--out", "report");
    assertEquals(0, evaluate.code(), evaluate::toString);
    assertTrue(evaluate.err().contains("evaluating on the 750 test images not held out"),
        evaluate::toString);
    JsonNode report;
    try (Stream<Path> files = Files.walk(work.resolve("report"))) {
      report = new ObjectMapper().readTree(files.filter(f -> f.endsWith("report.json"))
          .findFirst().orElseThrow().toFile());
    }
    assertEquals(750, report.at("/clean/samples").asInt(), report::toString);

    CliResult attack = run("attack", "--model", "m", "--dataset", "fashion-mnist", "--attack",
        "fgsm", "--epsilon", "0.1", "--samples", "1000", "--out", "attacked");
    assertEquals(0, attack.code(), attack::toString);
    assertTrue(attack.err().contains("leaving out the 250 test images that selected the model's"
        + " epoch"), attack::toString);
    JsonNode attacked = new ObjectMapper().readTree(
        work.resolve("attacked/report.json").toFile());
    assertEquals(750, attacked.at("/clean/samples").asInt(), attacked::toString);
    assertEquals(0.25, attacked.at("/provenance/dataset/validationLeftOut").asDouble(),
        attacked::toString);
    assertFalse(attack.err().contains("warning"), attack::toString);

    writeIdx(work.resolve("small"), 40);
    CliResult elsewhere = run("evaluate", "--model", "m", "--data-dir", "small", "--attacks",
        "fgsm", "--epsilons", "0.1", "--protocol", "papers", "--out", "report2");
    assertEquals(0, elsewhere.code(), elsewhere::toString);
    assertTrue(elsewhere.err().contains("warning: the model recorded 750 test images left after"
        + " its validation split, this dataset leaves 30"), elsewhere::toString);
  }

  /** A Fashion-MNIST folder of {@code count} blank images of each split, 4 of each class. */
  private static void writeIdx(Path folder, int count) throws IOException {
    Files.createDirectories(folder);
    for (String split : new String[] {"train", "t10k"}) {
      ByteBuffer images = ByteBuffer.allocate(16 + count * 28 * 28)
          .putInt(0x803).putInt(count).putInt(28).putInt(28);
      ByteBuffer labels = ByteBuffer.allocate(8 + count).putInt(0x801).putInt(count);
      for (int i = 0; i < count; i++) {
        labels.put((byte) (i % 10));
      }
      Files.write(folder.resolve(split + "-images-idx3-ubyte"), images.array());
      Files.write(folder.resolve(split + "-labels-idx1-ubyte"), labels.array());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1", "-0.2", "1.5", "NaN"})
  void aFractionOutsideZeroAndOneIsAUsageError(String fraction) {
    CliResult train = run("train", "--defense", "one-hot", "--architecture", "lenet",
        "--dataset", "fashion-mnist", "--epochs", "1", "--validation", fraction, "--out", "m");
    assertEquals(2, train.code(), train::toString);
    assertTrue(train.err().contains("--validation") && train.err().contains("between 0 and 1"),
        train::toString);
    assertFalse(Files.exists(work.resolve("m")), "nothing trained");
  }
}
