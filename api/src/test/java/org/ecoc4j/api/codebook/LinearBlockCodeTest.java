package org.ecoc4j.api.codebook;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LinearBlockCodeTest {

  /** P^T of the (10, 4) code CRC7 as printed in the error-detecting output codes paper. */
  static final int[][] CRC7_PARITY = {
    {0, 1, 0, 1, 1, 0},
    {0, 0, 1, 0, 1, 1},
    {1, 0, 1, 1, 1, 0},
    {0, 1, 0, 1, 1, 1}
  };

  private final LinearBlockCode crc7 = LinearBlockCode.systematic(CRC7_PARITY);

  @Test
  void generatorAndParityCheckAreOrthogonal() {
    int[][] g = crc7.generatorMatrix();
    int[][] h = crc7.parityCheckMatrix();
    assertEquals(10, crc7.n());
    assertEquals(4, crc7.k());
    assertEquals(6, crc7.checkDigits());
    for (int[] gRow : g) {
      for (int[] hRow : h) {
        int dot = 0;
        for (int j = 0; j < crc7.n(); j++) {
          dot ^= gRow[j] & hRow[j];
        }
        assertEquals(0, dot);
      }
    }
    assertArrayEquals(new int[] {1, 0, 0, 0, 0, 1, 0, 1, 1, 0}, g[0]);
    assertArrayEquals(new int[] {0, 0, 1, 0, 1, 0, 0, 0, 0, 0}, h[0]);
  }

  @ParameterizedTest(name = "message={0}")
  @ValueSource(ints = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15})
  void everyEncodedMessageHasZeroSyndromeAndKeepsTheMessage(int message) {
    int[] digits = {message >> 3 & 1, message >> 2 & 1, message >> 1 & 1, message & 1};
    int[] word = crc7.encode(digits);
    assertArrayEquals(digits, java.util.Arrays.copyOf(word, 4));
    assertArrayEquals(new int[6], crc7.syndrome(word));
    assertTrue(crc7.isCodeword(word));
  }

  /** Every message of the (10, 4) code with every one of its 10 digits flipped. */
  static Stream<Arguments> messagesAndFlips() {
    return IntStream.rangeClosed(0, 15).boxed()
        .flatMap(message ->
            IntStream.rangeClosed(0, 9).mapToObj(flip -> Arguments.of(message, flip)));
  }

  @ParameterizedTest(name = "message={0} flip={1}")
  @MethodSource("messagesAndFlips")
  void aSingleFlippedDigitIsDetected(int message, int flip) {
    int[] word = crc7.encode(new int[] {message >> 3 & 1, message >> 2 & 1, message >> 1 & 1, message & 1});
    word[flip] ^= 1;
    assertFalse(crc7.isCodeword(word));
  }

  @Test
  void malformedInputIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> LinearBlockCode.systematic(new int[0][0]));
    assertThrows(
        IllegalArgumentException.class, () -> LinearBlockCode.systematic(new int[][] {{1, 0}, {1}}));
    assertThrows(IllegalArgumentException.class, () -> LinearBlockCode.systematic(new int[][] {{2}}));
    assertThrows(IllegalArgumentException.class, () -> crc7.encode(new int[3]));
    assertThrows(IllegalArgumentException.class, () -> crc7.syndrome(new int[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 5}));
  }

  @Test
  void equalityFollowsTheParityPart() {
    assertEquals(crc7, LinearBlockCode.systematic(CRC7_PARITY));
    assertEquals(crc7.hashCode(), LinearBlockCode.systematic(CRC7_PARITY).hashCode());
    assertFalse(crc7.equals(LinearBlockCode.systematic(new int[][] {{1}})));
  }
}
