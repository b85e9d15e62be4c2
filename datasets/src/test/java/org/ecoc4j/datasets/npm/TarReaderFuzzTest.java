package org.ecoc4j.datasets.npm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.ecoc4j.api.data.DatasetException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Tar archives: valid ones list their entries; random and mutated ones fail clearly. */
class TarReaderFuzzTest {

  private static byte[] sample() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("package/a.json", "{\"data\":[1]}".getBytes(StandardCharsets.UTF_8));
    entries.put("package/src/b.txt", new byte[700]);
    return TestPackages.tar(entries);
  }

  @Test
  void listsEntriesWithTheirContent() throws IOException {
    List<String> seen = new ArrayList<>();
    TarReader.read(
        new ByteArrayInputStream(sample()),
        "t.tar",
        (name, size, content) -> seen.add(name + ":" + size + ":" + content.readAllBytes().length));
    assertEquals(List.of("package/a.json:12:12", "package/src/b.txt:700:700"), seen);
  }

  /**
   * Cuts to nothing, inside the first header, at its end and past the archive's end, the first
   * and a size byte flipped, then 300 cases drawn from their seed.
   */
  static Stream<Arguments> mutations() {
    Stream<Arguments> edges = Stream.of(
        Arguments.of(0L, 0, (byte) 0, true), Arguments.of(0L, 100, (byte) 0, true),
        Arguments.of(0L, 512, (byte) 0, true), Arguments.of(0L, 3000, (byte) 0, true),
        Arguments.of(0L, 0, (byte) -1, false), Arguments.of(0L, 130, Byte.MIN_VALUE, false));
    Stream<Arguments> drawn = LongStream.range(0, 300).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(
          seed, random.nextInt(0, 3001), (byte) random.nextInt(256), random.nextBoolean());
    });
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} position={1} xor={2} truncate={3}")
  @MethodSource("mutations")
  void mutatedArchivesListEntriesOrFailNamingTheArchive(
      long seed, int position, byte xor, boolean truncate) throws IOException {
    byte[] tar = sample();
    byte[] mutated = truncate ? Arrays.copyOf(tar, position % tar.length) : tar.clone();
    if (!truncate) {
      mutated[position % tar.length] ^= xor;
    }
    try {
      TarReader.read(
          new ByteArrayInputStream(mutated),
          "t.tar",
          (name, size, content) -> assertTrue(content.readAllBytes().length <= size));
    } catch (DatasetException e) {
      assertEquals("t.tar", e.source());
    }
  }
}
