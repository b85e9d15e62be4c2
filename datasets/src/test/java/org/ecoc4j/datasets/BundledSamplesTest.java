package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ecoc4j.api.data.Batch;
import org.ecoc4j.api.data.BatchCursor;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.datasets.npm.BundledSampleMaker;
import org.ecoc4j.datasets.npm.NpmImagePackage;
import org.junit.jupiter.api.Test;

/** The bundled samples load with the right shapes, balance and pixel ranges, and their manifests. */
class BundledSamplesTest {

  private static final Map<String, Dataset> OPENED = new HashMap<>();

  private static Dataset bundled(IdxDatasetProvider provider) {
    return OPENED.computeIfAbsent(provider.name(), n -> provider.open(Map.of()));
  }

  @Test
  void fashionMnistSampleIsBalancedWith6000TrainingAnd1000TestImages() {
    Dataset dataset = bundled(new FashionMnistProvider());
    checkBalanced(dataset, BundledSampleMaker.FASHION_TRAIN, BundledSampleMaker.TEST);
    assertEquals("Ankle boot", dataset.classNames().get(9));
  }

  @Test
  void mnistSampleIsBalancedWith5000TrainingAnd1000TestImages() {
    Dataset dataset = bundled(new MnistProvider());
    checkBalanced(dataset, BundledSampleMaker.MNIST_TRAIN, BundledSampleMaker.TEST);
  }

  private static void checkBalanced(Dataset dataset, int trainPerClass, int testPerClass) {
    assertEquals("1x28x28", dataset.shape().toString());
    assertEquals(10, dataset.classes());
    assertTrue(dataset.source().startsWith("bundled sample"));
    assertTrue(dataset.train().size() >= 2000 && dataset.test().size() >= 1000);
    int[] train = new int[10];
    Arrays.fill(train, trainPerClass);
    int[] test = new int[10];
    Arrays.fill(test, testPerClass);
    assertArrayEquals(train, dataset.train().classCounts());
    assertArrayEquals(test, dataset.test().classCounts());
    checkPixels(dataset.test());
  }

  /** Values lie in [0, 1], reach both ends, and images are real pictures (neither blank nor full). */
  private static void checkPixels(Split split) {
    BatchCursor cursor = split.inOrder(100);
    Batch batch = cursor.newBatch();
    float min = Float.MAX_VALUE;
    float max = -Float.MAX_VALUE;
    while (cursor.next(batch)) {
      for (int i = 0; i < batch.size(); i++) {
        double sum = 0;
        for (int p = batch.offset(i); p < batch.offset(i + 1); p++) {
          float v = batch.images()[p];
          min = Math.min(min, v);
          max = Math.max(max, v);
          sum += v;
        }
        double mean = sum / split.shape().size();
        assertTrue(mean > 0.01 && mean < 0.9, "image " + batch.indices()[i] + " mean " + mean);
      }
    }
    assertEquals(0f, min);
    assertEquals(1f, max);
  }

  @Test
  void fashionManifestMatchesTheDataAndIsDisjoint() throws IOException {
    checkManifest(new FashionMnistProvider(), NpmImagePackage.FASHION_MNIST);
  }

  @Test
  void mnistManifestMatchesTheDataAndIsDisjoint() throws IOException {
    checkManifest(new MnistProvider(), NpmImagePackage.MNIST);
  }

  private static void checkManifest(IdxDatasetProvider provider, NpmImagePackage pack)
      throws IOException {
    Dataset dataset = bundled(provider);
    Map<String, List<int[]>> rows = new HashMap<>();
    Map<String, String> header = new HashMap<>();
    try (InputStream in =
            IdxDatasetProvider.class.getResourceAsStream(provider.bundledFolder() + "manifest.tsv");
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      while ((line = reader.readLine()) != null) {
        String[] cells = line.split("\t");
        if (line.startsWith("# ")) {
          header.put(cells[0].substring(2), cells.length > 1 ? cells[1] : "");
        } else if (!line.startsWith("split\t")) {
          rows.computeIfAbsent(cells[0], k -> new ArrayList<>())
              .add(new int[] {Integer.parseInt(cells[1]), Integer.parseInt(cells[2]),
                  Integer.parseInt(cells[3])});
        }
      }
    }
    assertEquals(pack.spec(), header.get("package"));
    assertEquals(pack.integrity(), header.get("integrity"));
    Set<Long> sources = new HashSet<>();
    for (Split split : List.of(dataset.train(), dataset.test())) {
      List<int[]> list = rows.get(split.name());
      assertEquals(split.size(), list.size());
      assertEquals(Integer.toString(split.size()), header.get(split.name()));
      for (int i = 0; i < list.size(); i++) {
        int[] row = list.get(i);
        assertEquals(i, row[0]);
        assertEquals(split.label(i), row[1], "label of " + split.name() + " image " + i);
        assertTrue(sources.add(row[1] * 1_000_000L + row[2]), "source image used twice");
      }
    }
    Set<ByteBuffer> trainPictures = pictures(dataset.train());
    for (ByteBuffer picture : pictures(dataset.test())) {
      assertTrue(!trainPictures.contains(picture), "a test picture is also a training picture");
    }
  }

  private static Set<ByteBuffer> pictures(Split split) {
    Set<ByteBuffer> set = new HashSet<>();
    float[] image = new float[split.shape().size()];
    for (int i = 0; i < split.size(); i++) {
      split.copyImage(i, image, 0);
      byte[] bytes = new byte[image.length];
      for (int p = 0; p < image.length; p++) {
        bytes[p] = (byte) Math.round(image[p] * 255);
      }
      set.add(ByteBuffer.wrap(bytes));
    }
    return set;
  }
}
