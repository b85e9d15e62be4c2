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
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

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

  @Property
  void permutationsAreDeterministicPermutations(
      @ForAll @IntRange(min = 0, max = 300) int size, @ForAll long seed) {
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
