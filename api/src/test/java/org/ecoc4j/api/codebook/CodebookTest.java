package org.ecoc4j.api.codebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CodebookTest {

  /**
   * The corners of 2 to 30 classes by 1 to 150 bits, then 1000 cases whose sizes are drawn from
   * their seed; the seed then draws the rows.
   */
  static Stream<Arguments> codebookSizes() {
    Stream<Arguments> corners =
        Stream.of(Arguments.of(0L, 2, 1), Arguments.of(-1L, 2, 150), Arguments.of(
            Long.MIN_VALUE, 30, 1), Arguments.of(Long.MAX_VALUE, 30, 150));
    Stream<Arguments> drawn = LongStream.range(0, 1000).mapToObj(seed -> {
      SplittableRandom random = new SplittableRandom(seed);
      return Arguments.of(seed, random.nextInt(2, 31), random.nextInt(1, 151));
    });
    return Stream.concat(corners, drawn);
  }

  @ParameterizedTest(name = "seed={0} classes={1} length={2}")
  @MethodSource("codebookSizes")
  void minAndMaxDistanceMatchAllPairs(long seed, int classes, int length) {
    SplittableRandom random = new SplittableRandom(seed);
    int[][] rows = new int[classes][length];
    for (int[] row : rows) {
      for (int j = 0; j < length; j++) {
        row[j] = random.nextBoolean() ? 1 : -1;
      }
    }
    Codebook codebook = Codebook.of(rows);
    int min = Integer.MAX_VALUE;
    int max = 0;
    for (int a = 0; a < classes; a++) {
      for (int b = a + 1; b < classes; b++) {
        int d = 0;
        for (int j = 0; j < length; j++) {
          d += rows[a][j] != rows[b][j] ? 1 : 0;
        }
        assertEquals(d, codebook.hammingDistance(a, b));
        min = Math.min(min, d);
        max = Math.max(max, d);
      }
    }
    assertEquals(min, codebook.minHammingDistance());
    assertEquals(max, codebook.maxHammingDistance());
  }

  @Test
  void isImmutableAndExposesRowsAsCopies() {
    int[][] rows = {{1, -1, 1}, {-1, -1, 1}};
    Codebook codebook = Codebook.of(rows);
    rows[0][0] = -1;
    assertEquals(1, codebook.bit(0, 0));
    codebook.row(0)[0] = -1;
    assertEquals(1, codebook.bit(0, 0));
    assertArrayEquals(new int[] {1, 0, 1}, codebook.digits(0));
    assertArrayEquals(new float[] {1, -1, 1, -1, -1, 1}, codebook.toFloatArray());
  }

  @Test
  void equalityIsByContent() {
    Codebook a = Codebook.of(new int[][] {{1, -1}, {-1, 1}});
    assertEquals(a, Codebook.of(new int[][] {{1, -1}, {-1, 1}}));
    assertEquals(a.hashCode(), Codebook.of(new int[][] {{1, -1}, {-1, 1}}).hashCode());
    assertNotEquals(a, Codebook.of(new int[][] {{-1, 1}, {1, -1}}));
  }

  @Test
  void badShapesAndEntriesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> Codebook.of(new int[][] {{1, -1}}));
    assertThrows(IllegalArgumentException.class, () -> Codebook.of(new int[][] {{}, {}}));
    assertThrows(IllegalArgumentException.class, () -> Codebook.of(new int[][] {{1, -1}, {1}}));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codebook.of(new int[][] {{1, 0}, {1, 1}}));
    assertEquals("codeword 0 bit 1 is 0, expected +1 or -1", e.getMessage());
  }

  @Test
  void aLinearCodeCodebookChecksItsRows() {
    LinearBlockCode crc7 = LinearBlockCode.systematic(LinearBlockCodeTest.CRC7_PARITY);
    int[][] rows = new int[10][];
    for (int c = 0; c < 10; c++) {
      int[] word = crc7.encode(new int[] {c >> 3 & 1, c >> 2 & 1, c >> 1 & 1, c & 1});
      rows[c] = new int[10];
      for (int j = 0; j < 10; j++) {
        rows[c][j] = word[j] == 1 ? 1 : -1;
      }
    }
    Codebook codebook = Codebook.ofLinearCode(crc7, rows);
    assertEquals(crc7, codebook.linearCode().orElseThrow());
    assertTrue(codebook.minHammingDistance() >= 2);
    rows[3][9] = -rows[3][9];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Codebook.ofLinearCode(crc7, rows));
    assertTrue(e.getMessage().contains("class 3"), e.getMessage());
  }
}
