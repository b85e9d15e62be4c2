package org.ecoc4j.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {

  @TempDir Path dir;

  /** The MNIST header, written out by hand: 2 images of 2 x 3 bytes. */
  private static final byte[] HAND_WRITTEN = {
    0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, (byte) 255
  };

  @Test
  void readsAHandWrittenFileAndWritesItBackIdentically() throws IOException {
    IdxArray array = IdxReader.read(new ByteArrayInputStream(HAND_WRITTEN), "hand", 3);
    assertArrayEquals(new int[] {2, 2, 3}, array.dimensions());
    assertEquals(255, array.values()[11] & 0xff);
    assertEquals("2x2x3", array.describe());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    IdxWriter.write(out, array);
    assertArrayEquals(HAND_WRITTEN, out.toByteArray());
  }

  /**
   * No images and the most, with the fewest and the most rows, plain and gzip, then 50 cases
   * drawn from their seed.
   */
  static Stream<Arguments> arrays() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 0, 1, false), Arguments.of(0L, 0, 9, true),
        Arguments.of(0L, 20, 1, true), Arguments.of(0L, 20, 9, false));
    Stream<Arguments> drawn = LongStream.range(0, 50).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(0, 21), random.nextInt(1, 10), random.nextBoolean());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} n={1} rows={2} gzip={3}")
  @MethodSource("arrays")
  void plainAndGzipFilesRoundTrip(long seed, int n, int rows, boolean gzip) throws IOException {
    byte[] values = new byte[n * rows * 4];
    for (int i = 0; i < values.length; i++) {
      values[i] = (byte) (i * 37 + n);
    }
    Path file = Files.createTempFile("idx", gzip ? ".gz" : "");
    try {
      IdxWriter.write(file, new IdxArray(new int[] {n, rows, 4}, values));
      IdxArray back = IdxReader.read(file, 3);
      assertArrayEquals(new int[] {n, rows, 4}, back.dimensions());
      assertArrayEquals(values, back.values());
      assertEquals(gzip, (Files.readAllBytes(file)[0] & 0xff) == 0x1f);
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void refusesAWrongMagicNumberNamingTheFile() throws IOException {
    Path labels = dir.resolve("labels");
    IdxWriter.write(labels, new IdxArray(new int[] {3}, new byte[] {1, 2, 3}));
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(labels, 3));
    assertEquals(labels.toString(), e.source());
    assertTrue(e.getMessage().contains("wrong magic number 0x00000801"), e.getMessage());
    byte[] signed = HAND_WRITTEN.clone();
    signed[2] = 0x09;
    assertThrows(
        DatasetException.class, () -> IdxReader.read(new ByteArrayInputStream(signed), "s", 3));
  }

  @Test
  void refusesTruncationInHeaderAndData() {
    DatasetException header =
        assertThrows(
            DatasetException.class,
            () -> IdxReader.read(new ByteArrayInputStream(Arrays.copyOf(HAND_WRITTEN, 10)), "h", 3));
    assertTrue(header.problem().contains("inside its header"), header.getMessage());
    DatasetException data =
        assertThrows(
            DatasetException.class,
            () -> IdxReader.read(new ByteArrayInputStream(Arrays.copyOf(HAND_WRITTEN, 20)), "d", 3));
    assertTrue(data.problem().contains("declares 12 values but only 4 follow"), data.getMessage());
  }

  @Test
  void refusesExtraBytes() {
    byte[] longer = Arrays.copyOf(HAND_WRITTEN, HAND_WRITTEN.length + 1);
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> IdxReader.read(new ByteArrayInputStream(longer), "x", 3));
    assertTrue(e.problem().contains("extra bytes"), e.getMessage());
  }

  @Test
  void aHugeDeclaredSizeFailsAsTruncatedWithoutAllocatingIt() {
    byte[] claim = {0, 0, 8, 3, 0x40, 0, 0, 0, 0, 0, 0, (byte) 0x80, 0, 0, 0, 0x40, 1, 2};
    DatasetException e =
        assertThrows(
            DatasetException.class, () -> IdxReader.read(new ByteArrayInputStream(claim), "c", 3));
    assertTrue(e.problem().contains("too many"), e.getMessage());
    byte[] big = {0, 0, 8, 1, 0x7f, 0, 0, 0, 1, 2, 3}; // claims 2 GB, holds 3 bytes
    DatasetException truncated =
        assertThrows(
            DatasetException.class, () -> IdxReader.read(new ByteArrayInputStream(big), "b", 1));
    assertTrue(truncated.problem().startsWith("truncated"), truncated.getMessage());
  }

  @Test
  void refusesCorruptOrTruncatedGzip() throws IOException {
    ByteArrayOutputStream packed = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(packed)) {
      gz.write(HAND_WRITTEN);
    }
    byte[] gz = packed.toByteArray();
    byte[] cut = Arrays.copyOf(gz, gz.length - 12);
    assertThrows(
        DatasetException.class, () -> IdxReader.read(new ByteArrayInputStream(cut), "cut.gz", 3));
    byte[] corrupt = gz.clone();
    corrupt[12] ^= 0x55;
    corrupt[13] ^= 0x55;
    DatasetException e =
        assertThrows(
            DatasetException.class,
            () -> IdxReader.read(new ByteArrayInputStream(corrupt), "bad.gz", 3));
    assertEquals("bad.gz", e.source());
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nothing-here");
    DatasetException e = assertThrows(DatasetException.class, () -> IdxReader.read(missing, 1));
    assertEquals(missing + ": file not found", e.getMessage());
  }
}
