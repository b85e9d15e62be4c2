package org.ecoc4j.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchCursorTest {

  private static final ImageShape SHAPE = new ImageShape(1, 2, 3);

  @Test
  void inOrderDeliversEveryImageOnceWithAShortLastBatch() {
    Split split = CountingSplit.of(SHAPE, 10, 3);
    BatchCursor cursor = split.inOrder(4);
    Batch batch = cursor.newBatch();
    List<Integer> sizes = new ArrayList<>();
    List<Integer> seen = new ArrayList<>();
    while (cursor.next(batch)) {
      sizes.add(batch.size());
      for (int i = 0; i < batch.size(); i++) {
        int index = batch.indices()[i];
        seen.add(index);
        assertEquals(index % 3, batch.labels()[i]);
        assertEquals(index / 10f, batch.images()[batch.offset(i) + 5]);
      }
    }
    assertEquals(List.of(4, 4, 2), sizes);
    assertEquals(List.of(0, 1, 2, 3, 4, 5, 6, 7, 8, 9), seen);
    assertEquals(3, cursor.batches());
    assertEquals(0, batch.size());
    assertFalse(cursor.next(batch));
  }

  @Test
  void rewindRepeatsThePass() {
    BatchCursor cursor = CountingSplit.of(SHAPE, 7, 2).shuffled(7, 3L);
    Batch batch = cursor.newBatch();
    assertTrue(cursor.next(batch));
    int[] first = Arrays.copyOf(batch.indices(), 7);
    cursor.rewind();
    assertTrue(cursor.next(batch));
    assertArrayEquals(first, Arrays.copyOf(batch.indices(), 7));
  }

  /**
   * Sizes 0, 1 and 300 with the extreme seeds, then 1000 cases whose size is drawn from their seed.
   */
  static Stream<Arguments> sizesAndSeeds() {
    Stream<Arguments> edges = LongStream.of(0, -1, Long.MIN_VALUE, Long.MAX_VALUE).boxed()
        .flatMap(seed -> Stream.of(0, 1, 300).map(size -> Arguments.of(seed, size)));
    Stream<Arguments> drawn = LongStream.range(0, 1000).mapToObj(
        seed -> Arguments.of(seed, new SplittableRandom(seed).nextInt(0, 301)));
    return Stream.concat(edges, drawn);
  }

  @ParameterizedTest(name = "seed={0} size={1}")
  @MethodSource("sizesAndSeeds")
  void permutationsAreDeterministicPermutations(long seed, int size) {
    int[] order = BatchCursor.permutation(size, seed);
    assertArrayEquals(order, BatchCursor.permutation(size, seed));
    int[] sorted = order.clone();
    Arrays.sort(sorted);
    for (int i = 0; i < size; i++) {
      assertEquals(i, sorted[i]);
    }
  }

  @Test
  void differentSeedsGiveDifferentOrders() {
    assertNotEquals(
        Arrays.toString(BatchCursor.permutation(100, 1)),
        Arrays.toString(BatchCursor.permutation(100, 2)));
  }

  @Test
  void refusesBatchesOfAnotherShapeOrTooSmall() {
    BatchCursor cursor = CountingSplit.of(SHAPE, 5, 2).inOrder(4);
    assertThrows(IllegalArgumentException.class, () -> cursor.next(new Batch(SHAPE, 3)));
    assertThrows(
        IllegalArgumentException.class, () -> cursor.next(new Batch(new ImageShape(1, 3, 2), 4)));
    assertThrows(IllegalArgumentException.class, () -> cursor.newBatch().resize(5));
    assertThrows(IllegalArgumentException.class, () -> CountingSplit.of(SHAPE, 5, 2).inOrder(0));
  }
}
