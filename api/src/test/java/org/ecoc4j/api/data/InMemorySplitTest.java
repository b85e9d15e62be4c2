package org.ecoc4j.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InMemorySplitTest {

  private static final ImageShape SHAPE = new ImageShape(1, 1, 2);

  @Test
  void servesImagesAndLabels() {
    Split split =
        Split.inMemory("train", SHAPE, 3, new float[] {0f, 0.1f, 0.2f, 0.3f}, new int[] {2, 0});
    assertEquals("train", split.name());
    assertEquals(2, split.size());
    assertEquals(2, split.label(0));
    float[] into = new float[3];
    split.copyImage(1, into, 1);
    assertArrayEquals(new float[] {0f, 0.2f, 0.3f}, into);
    assertThrows(IndexOutOfBoundsException.class, () -> split.copyImage(2, into, 0));
    assertThrows(IndexOutOfBoundsException.class, () -> split.copyImage(0, into, 2));
  }

  @Test
  void refusesInconsistentData() {
    assertMessage(new float[3], new int[] {0, 1}, "images hold 3 floats");
    assertMessage(new float[4], new int[] {0, 3}, "label of sample 1 is 3");
    assertMessage(new float[] {0f, Float.NaN, 0f, 0f}, new int[] {0, 1}, "pixel 1 of sample 0 is NaN");
  }

  private static void assertMessage(float[] images, int[] labels, String start) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> Split.inMemory("t", SHAPE, 3, images, labels));
    assertTrue(e.getMessage().startsWith(start), e.getMessage());
  }
}
