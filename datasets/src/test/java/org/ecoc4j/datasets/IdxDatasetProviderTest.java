package org.ecoc4j.datasets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.datasets.idx.IdxArray;
import org.ecoc4j.datasets.idx.IdxFolder;
import org.ecoc4j.datasets.idx.IdxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxDatasetProviderTest {

  @TempDir Path dir;

  private final MnistProvider provider = new MnistProvider();

  /** Writes n images whose pixels all equal the image's index, labels index % 10. */
  private void writeSplit(String images, String labels, int n, String suffix) throws IOException {
    byte[] pixels = new byte[n * 784];
    byte[] classes = new byte[n];
    for (int i = 0; i < n; i++) {
      java.util.Arrays.fill(pixels, i * 784, (i + 1) * 784, (byte) (i * 25));
      classes[i] = (byte) (i % 10);
    }
    IdxWriter.write(dir.resolve(images + suffix), new IdxArray(new int[] {n, 28, 28}, pixels));
    IdxWriter.write(dir.resolve(labels + suffix), new IdxArray(new int[] {n}, classes));
  }

  private void writeFolder(String suffix) throws IOException {
    writeSplit(IdxFolder.TRAIN_IMAGES, IdxFolder.TRAIN_LABELS, 20, suffix);
    writeSplit(IdxFolder.TEST_IMAGES, IdxFolder.TEST_LABELS, 10, suffix);
  }

  private Dataset open(Map<String, String> extra) {
    java.util.Map<String, String> options = new java.util.HashMap<>(extra);
    options.put("data-dir", dir.toString());
    return provider.open(options);
  }

  @Test
  void readsAFolderOfGzipFiles() throws IOException {
    writeFolder(".gz");
    Dataset dataset = open(Map.of());
    assertEquals("mnist", dataset.name());
    assertEquals(dir.toString(), dataset.source());
    assertEquals(IdxDatasetProvider.SHAPE, dataset.shape());
    assertEquals(20, dataset.train().size());
    assertEquals(10, dataset.test().size());
    assertEquals(3, dataset.test().label(3));
    float[] image = new float[784];
    dataset.test().copyImage(4, image, 0);
    assertEquals(100 / 255f, image[783], 1e-7);
    assertEquals(Augmentation.NONE, dataset.trainingAugmentation());
  }

  @Test
  void readsPlainFilesAndTheDottedSpelling() throws IOException {
    writeFolder("");
    assertEquals(20, open(Map.of()).train().size());
    for (Path file : Files.list(dir).toList()) {
      Files.move(file, dir.resolve(file.getFileName().toString().replaceFirst("-idx", ".idx")));
    }
    assertEquals(10, open(Map.of()).test().size());
  }

  /** A stale plain file beside a fetched {@code .gz} (or a dotted spelling) is never silently read. */
  @Test
  void aFileInTwoSpellingsIsRefusedNamingBoth() throws IOException {
    writeFolder(".gz");
    writeSplit(IdxFolder.TRAIN_IMAGES, IdxFolder.TRAIN_LABELS, 12, "");
    DatasetException e = assertThrows(DatasetException.class, () -> open(Map.of()));
    assertEquals(dir.toString(), e.source());
    assertTrue(e.problem().contains("holds " + IdxFolder.TRAIN_IMAGES + " and "
        + IdxFolder.TRAIN_IMAGES + ".gz"), e.getMessage());
    Files.delete(dir.resolve(IdxFolder.TRAIN_IMAGES));
    Files.delete(dir.resolve(IdxFolder.TRAIN_LABELS));
    assertEquals(20, open(Map.of()).train().size());
  }

  @Test
  void aMissingFileListsWhatTheFolderNeeds() throws IOException {
    writeFolder(".gz");
    Files.delete(dir.resolve(IdxFolder.TEST_LABELS + ".gz"));
    DatasetException e = assertThrows(DatasetException.class, () -> open(Map.of()));
    assertEquals(dir.toString(), e.source());
    assertTrue(e.problem().contains("has no " + IdxFolder.TEST_LABELS), e.getMessage());
  }

  @Test
  void mismatchedCountsNameTheLabelsFile() throws IOException {
    writeFolder(".gz");
    IdxWriter.write(
        dir.resolve(IdxFolder.TRAIN_LABELS + ".gz"), new IdxArray(new int[] {19}, new byte[19]));
    DatasetException e = assertThrows(DatasetException.class, () -> open(Map.of()));
    assertTrue(e.source().endsWith(IdxFolder.TRAIN_LABELS + ".gz"), e.getMessage());
    assertTrue(e.problem().contains("holds 19 labels but"), e.getMessage());
  }

  @Test
  void aLabelOutsideTheClassesIsRefused() throws IOException {
    writeFolder(".gz");
    byte[] labels = new byte[10];
    labels[7] = 10;
    IdxWriter.write(dir.resolve(IdxFolder.TEST_LABELS + ".gz"), new IdxArray(new int[] {10}, labels));
    DatasetException e = assertThrows(DatasetException.class, () -> open(Map.of()));
    assertTrue(e.problem().contains("label 10 of item 7 is outside the 10 classes"), e.getMessage());
  }

  @Test
  void imagesOfAnotherSizeAreRefused() throws IOException {
    writeFolder(".gz");
    IdxWriter.write(
        dir.resolve(IdxFolder.TEST_IMAGES + ".gz"), new IdxArray(new int[] {10, 32, 32}, new byte[10240]));
    DatasetException e = assertThrows(DatasetException.class, () -> open(Map.of()));
    assertTrue(e.problem().contains("1x32x32"), e.getMessage());
  }

  @Test
  void subsetShrinksOnlyTheTrainingSplitStratified() throws IOException {
    writeFolder(".gz");
    Dataset half = open(Map.of("subset", "0.5", "subset-seed", "3"));
    assertEquals(10, half.train().size());
    assertArrayEquals(new int[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, half.train().classCounts());
    assertEquals(10, half.test().size());
    assertThrows(InvalidOptionException.class, () -> open(Map.of("subset", "0")));
    assertThrows(InvalidOptionException.class, () -> open(Map.of("subset", "1.5")));
    assertThrows(InvalidOptionException.class, () -> open(Map.of("colour", "red")));
  }

  @Test
  void augmentationIsAnOptionWithoutAugmentationByDefault() throws IOException {
    writeFolder(".gz");
    assertEquals(Augmentation.NONE, open(Map.of()).trainingAugmentation());
    assertEquals(Augmentation.NONE, open(Map.of("augmentation", "none")).trainingAugmentation());
    assertEquals("random crop (padding 4) and horizontal flip",
        open(Map.of("augmentation", "crop-flip")).trainingAugmentation().toString());
    assertThrows(InvalidOptionException.class, () -> open(Map.of("augmentation", "rotate")));
  }

  @Test
  void aFileInPlaceOfTheFolderIsNamed() throws IOException {
    Path file = Files.writeString(dir.resolve("file.txt"), "x");
    DatasetException e =
        assertThrows(DatasetException.class, () -> provider.open(Map.of("data-dir", file.toString())));
    assertEquals(file + ": is not a folder", e.getMessage());
    DatasetException missing =
        assertThrows(
            DatasetException.class,
            () -> provider.open(Map.of("data-dir", dir.resolve("absent").toString())));
    assertEquals("no such folder", missing.problem());
  }
}
