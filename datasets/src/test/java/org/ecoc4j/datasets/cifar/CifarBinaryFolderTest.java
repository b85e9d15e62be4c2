package org.ecoc4j.datasets.cifar;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.Augmentation;
import org.ecoc4j.api.data.Dataset;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.api.plugin.InvalidOptionException;
import org.ecoc4j.datasets.ByteImageSplit;
import org.ecoc4j.datasets.Cifar10Provider;
import org.ecoc4j.datasets.RandomCropFlip;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class CifarBinaryFolderTest {

  @TempDir Path dir;

  @Test
  void readsTheBatchesInOrderAsChannelMajorImages() throws IOException {
    CifarFiles.writeFolder(dir, 3, 4);
    Dataset dataset = new Cifar10Provider().open(Map.of("data-dir", dir.toString()));
    assertEquals("3x32x32", dataset.shape().toString());
    assertEquals(15, dataset.train().size());
    assertEquals(4, dataset.test().size());
    assertEquals("truck", dataset.classNames().get(9));
    assertTrue(dataset.trainingAugmentation() instanceof RandomCropFlip);
    assertEquals(Augmentation.NONE,
        new Cifar10Provider().open(Map.of("data-dir", dir.toString(), "augmentation", "none"))
            .trainingAugmentation());
    // training image 7 is record 1 of data_batch_3.bin
    assertEquals(4, dataset.train().label(7));
    float[] image = new float[3 * 1024];
    dataset.train().copyImage(7, image, 0);
    assertEquals(3 / 255f, image[0], 1e-7);
    assertEquals(1 / 255f, image[1024 + 500], 1e-7);
    assertEquals(31 / 255f, image[2048 + 31], 1e-7);
    assertEquals(5 / 255f, image[2048 + 32 + 5], 1e-7);
  }

  @Test
  void findsTheStandardSubfolder() throws IOException {
    CifarFiles.writeFolder(dir.resolve("cifar-10-batches-bin"), 1, 2);
    assertEquals(2, CifarBinaryFolder.test(dir).size());
  }

  @Test
  void aMissingTrainingBatchIsAnErrorNotAPartialDataset() throws IOException {
    CifarFiles.writeFolder(dir, 2, 2);
    Files.delete(dir.resolve("data_batch_4.bin"));
    DatasetException e = assertThrows(DatasetException.class, () -> CifarBinaryFolder.train(dir));
    assertTrue(e.source().endsWith("data_batch_4.bin"), e.getMessage());
    assertTrue(e.problem().startsWith("file not found"), e.getMessage());
  }

  @Test
  void aTruncatedFileIsNamed() throws IOException {
    CifarFiles.writeFolder(dir, 2, 2);
    Path test = dir.resolve(CifarBinaryFolder.TEST_FILE);
    byte[] bytes = Files.readAllBytes(test);
    Files.write(test, Arrays.copyOf(bytes, bytes.length - 100));
    DatasetException e = assertThrows(DatasetException.class, () -> CifarBinaryFolder.test(dir));
    assertEquals(test.toString(), e.source());
    assertTrue(e.problem().contains("not a whole number of 3073-byte records"), e.getMessage());
    Files.write(test, new byte[0]);
    assertThrows(DatasetException.class, () -> CifarBinaryFolder.test(dir));
  }

  @Test
  void aLabelAboveNineIsNamedWithItsRecord() throws IOException {
    CifarFiles.writeFolder(dir, 2, 3);
    Path test = dir.resolve(CifarBinaryFolder.TEST_FILE);
    byte[] bytes = Files.readAllBytes(test);
    bytes[2 * CifarBinaryFolder.RECORD] = 10;
    Files.write(test, bytes);
    DatasetException e = assertThrows(DatasetException.class, () -> CifarBinaryFolder.test(dir));
    assertTrue(e.problem().contains("record 2 has label 10"), e.getMessage());
  }

  @Test
  void theProviderNeedsAFolder() {
    InvalidOptionException e =
        assertThrows(InvalidOptionException.class, () -> new Cifar10Provider().open(Map.of()));
    assertEquals("data-dir", e.option());
  }

  /**
   * Cuts to nothing, inside the first record, at a record's end, at the file's end and past it,
   * the first and the last byte set to extreme values, then 200 cases drawn from their seed.
   */
  static Stream<Arguments> mutations() {
    int length = 3 * 3073;
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 0, 0, (byte) 0, true),
        Arguments.of(0L, 1, 0, (byte) 0, true),
        Arguments.of(0L, 3073, 0, (byte) 0, true),
        Arguments.of(0L, length - 1, 0, (byte) 0, true),
        Arguments.of(0L, length, 0, (byte) 0, true),
        Arguments.of(0L, length + 5, 0, (byte) 0, true),
        Arguments.of(0L, 0, 0, (byte) -1, false),
        Arguments.of(0L, 0, 0, Byte.MAX_VALUE, false),
        Arguments.of(0L, 0, 0, Byte.MIN_VALUE, false),
        Arguments.of(0L, 0, length - 1, (byte) -1, false));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(0, length + 6), random.nextInt(0, length),
          (byte) random.nextInt(256), random.nextBoolean());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} cut={1} position={2} value={3} truncate={4}")
  @MethodSource("mutations")
  void mutatedFilesGiveAWholeSplitOrAClearError(
      long seed, int cut, int position, byte value, boolean truncate) throws IOException {
    Path file = Files.createTempFile("cifar", ".bin");
    try {
      byte[] bytes = CifarFiles.records(1, 3);
      byte[] mutated = truncate ? Arrays.copyOf(bytes, cut) : bytes.clone();
      if (!truncate) {
        mutated[position] = value;
      }
      Files.write(file, mutated);
      try {
        ByteImageSplit split = CifarBinaryFolder.read("test", java.util.List.of(file));
        assertEquals(mutated.length / CifarBinaryFolder.RECORD, split.size());
        assertEquals(0, mutated.length % CifarBinaryFolder.RECORD);
      } catch (DatasetException e) {
        assertEquals(file.toString(), e.source());
      }
    } finally {
      Files.delete(file);
    }
  }
}
