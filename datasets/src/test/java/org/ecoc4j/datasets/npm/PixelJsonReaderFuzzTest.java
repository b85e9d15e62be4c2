package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.DatasetException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Mutated JSON class files give whole images or a clear error naming the file. */
class PixelJsonReaderFuzzTest {

  private static final byte[] VALID =
      "{\"data\":[[0,255,17,3],[],[9,8,7,6]]}".getBytes(StandardCharsets.UTF_8);

  /**
   * Cuts to nothing and at the end, the first and the last byte set to 0 and -1, then 500 cases
   * drawn from their seed.
   */
  static Stream<Arguments> mutations() {
    int last = VALID.length - 1;
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 0, (byte) 0, true), Arguments.of(0L, last, (byte) 0, true),
        Arguments.of(0L, 0, (byte) 0, false), Arguments.of(0L, last, (byte) -1, false));
    Stream<Arguments> drawn = LongStream.range(0, 500).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(
          seed, random.nextInt(0, 41), (byte) random.nextInt(256), random.nextBoolean());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} position={1} value={2} truncate={3}")
  @MethodSource("mutations")
  void mutatedJsonGivesWholeImagesOrAClearError(
      long seed, int position, byte value, boolean truncate) {
    byte[] json = VALID.clone();
    if (truncate) {
      json = java.util.Arrays.copyOf(json, position % json.length);
    } else {
      json[position % json.length] = value;
    }
    try {
      List<SourceImage> images =
          PixelJsonReader.read(new ByteArrayInputStream(json), "c.json", 2, PixelEncoding.BYTES, 4);
      for (SourceImage image : images) {
        assertEquals(4, image.pixels().length);
        assertEquals(2, image.label());
      }
    } catch (DatasetException e) {
      assertEquals("c.json", e.source());
    }
  }
}
