package org.ecoc4j.datasets.idx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.ecoc4j.api.data.DatasetException;
import org.ecoc4j.datasets.ByteImageSplit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Fuzzes the IDX readers: random bytes and mutated valid files must give either a valid result or
 * a {@link DatasetException} naming the source, never another exception or a partial split.
 */
class IdxFuzzTest {

  private static final int IMAGES = 6;

  /**
   * No bytes, a lone zero, 64 zeros and 64 bytes of -1, then 300 cases whose length (up to 64) and
   * bytes are drawn from their seed.
   */
  static Stream<Arguments> randomBytes() {
    byte[] ones = new byte[64];
    Arrays.fill(ones, (byte) -1);
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, new byte[0]), Arguments.of(0L, new byte[1]),
        Arguments.of(0L, new byte[64]), Arguments.of(0L, ones));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      byte[] bytes = new byte[random.nextInt(0, 65)];
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) random.nextInt(256);
      }
      return Arguments.of(seed, bytes);
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} bytes={1}")
  @MethodSource("randomBytes")
  void randomBytesNeverCrashTheReader(long seed, byte[] bytes) {
    try {
      IdxArray array = IdxReader.read(new ByteArrayInputStream(bytes), "random", 3);
      long product = 1;
      for (int d : array.dimensions()) {
        product *= d;
      }
      assertEquals(product, array.values().length);
    } catch (DatasetException e) {
      assertEquals("random", e.source());
    }
  }

  /**
   * Plain and gzip files cut to nothing, to one byte and not at all, their first and last bytes
   * flipped, then 300 cases drawn from their seed.
   */
  static Stream<Arguments> imageMutations() {
    Stream<Arguments> edges = Stream.of(false, true).flatMap(gzip -> Stream.of(
        Arguments.of(0L, gzip, 0, 0, (byte) 0, true),
        Arguments.of(0L, gzip, 1, 0, (byte) 0, true),
        Arguments.of(0L, gzip, 4000, 0, (byte) 0, true),
        Arguments.of(0L, gzip, 0, 0, (byte) -1, false),
        Arguments.of(0L, gzip, 0, 4000, Byte.MIN_VALUE, false)));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextBoolean(), random.nextInt(0, 4001),
          random.nextInt(0, 4001), (byte) random.nextInt(256), random.nextBoolean());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} gzip={1} cut={2} position={3} xor={4} truncate={5}")
  @MethodSource("imageMutations")
  void mutatedImageFilesGiveAWholeSplitOrAClearError(
      long seed, boolean gzip, int cut, int position, byte xor, boolean truncate)
      throws IOException {
    byte[] images = encode(new IdxArray(new int[] {IMAGES, 5, 4}, pattern(IMAGES * 20)), gzip);
    byte[] labels = encode(new IdxArray(new int[] {IMAGES}, new byte[] {0, 1, 2, 0, 1, 2}), gzip);
    byte[] mutated = truncate ? Arrays.copyOf(images, Math.min(cut, images.length)) : images.clone();
    if (!truncate && mutated.length > 0) {
      mutated[position % mutated.length] ^= xor;
    }
    try {
      ByteImageSplit split =
          IdxSplitLoader.load("train", source("images", mutated), source("labels", labels), 3);
      assertEquals(IMAGES, split.size());
      assertEquals(20, split.shape().size());
    } catch (DatasetException e) {
      assertTrue(e.source().equals("images") || e.source().equals("labels"), e.getMessage());
      assertFalse(e.problem().isBlank());
    }
  }

  /**
   * The first and the last byte set to 0, -1 and the extreme bytes, then 200 cases whose position
   * and value are drawn from their seed.
   */
  static Stream<Arguments> labelMutations() {
    Stream<Arguments> edges = Stream.of(0, 13).flatMap(position ->
        Stream.of((byte) 0, (byte) -1, Byte.MIN_VALUE, Byte.MAX_VALUE)
            .map(value -> Arguments.of(0L, position, value)));
    Stream<Arguments> drawn = LongStream.range(0, 200).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(0, 14), (byte) random.nextInt(256));
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} position={1} value={2}")
  @MethodSource("labelMutations")
  void mutatedLabelFilesGiveAWholeSplitOrAClearError(long seed, int position, byte value)
      throws IOException {
    byte[] images = encode(new IdxArray(new int[] {IMAGES, 5, 4}, pattern(IMAGES * 20)), false);
    byte[] labels = encode(new IdxArray(new int[] {IMAGES}, new byte[] {0, 1, 2, 0, 1, 2}), false);
    labels[position] = value;
    try {
      ByteImageSplit split =
          IdxSplitLoader.load("test", source("images", images), source("labels", labels), 3);
      assertEquals(IMAGES, split.size());
      for (int i = 0; i < split.size(); i++) {
        assertTrue(split.label(i) < 3);
      }
    } catch (DatasetException e) {
      assertEquals("labels", e.source());
    }
  }

  private static byte[] pattern(int length) {
    byte[] values = new byte[length];
    for (int i = 0; i < length; i++) {
      values[i] = (byte) (i * 11);
    }
    return values;
  }

  private static byte[] encode(IdxArray array, boolean gzip) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (gzip) {
      try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
        IdxWriter.write(gz, array);
      }
    } else {
      IdxWriter.write(out, array);
    }
    return out.toByteArray();
  }

  private static IdxSource source(String name, byte[] bytes) {
    return new IdxSource() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }
    };
  }
}
