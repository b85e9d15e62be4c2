package org.ecoc4j.api.symbolic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A batch mixing drawn per step: its matrix exists only per step ({@code draw(seed)}), the same
 * seed draws the same matrix, drawn matrices are checked like constant ones, and a constant mixing
 * draws itself.
 */
class BatchMixingTest {

  private static final BatchMixing.Draw SCALED = seed -> {
    SplittableRandom random = new SplittableRandom(seed);
    float[] m = new float[6];
    for (int i = 0; i < m.length; i++) {
      m[i] = (float) random.nextDouble();
    }
    return m;
  };

  @Test
  void aMixingDrawnPerStepHasOneMatrixPerSeed() {
    BatchMixing drawn = BatchMixing.drawnPerStep(2, 3, SCALED);
    assertTrue(drawn.drawnPerStep());
    assertEquals(2, drawn.outputs());
    assertEquals(3, drawn.inputs());
    BatchMixing first = drawn.draw(7);
    assertFalse(first.drawnPerStep());
    assertArrayEquals(SCALED.matrix(7), first.matrix());
    assertEquals(first, drawn.draw(7), "the same seed draws the same matrix");
    assertNotEquals(first, drawn.draw(8));
    IllegalStateException none = assertThrows(IllegalStateException.class, drawn::matrix);
    assertTrue(none.getMessage().contains("drawn per step"), none.getMessage());
    assertTrue(drawn.toString().contains("drawn per step"), drawn.toString());
    assertEquals(drawn, drawn);
    assertNotEquals(drawn, BatchMixing.drawnPerStep(2, 3, seed -> SCALED.matrix(seed)));
  }

  @Test
  void drawnMatricesAreCheckedAndConstantMixingsDrawThemselves() {
    IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
        () -> BatchMixing.drawnPerStep(2, 3, seed -> new float[5]).draw(1));
    assertTrue(wrong.getMessage().contains("needs 2 x 3 = 6 floats"), wrong.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> BatchMixing.drawnPerStep(1, 1, seed -> new float[] {Float.NaN}).draw(1));
    assertThrows(IllegalArgumentException.class, () -> BatchMixing.drawnPerStep(0, 3, SCALED));
    BatchMixing constant = BatchMixing.of(new float[] {0, 1, 1, 0}, 2, 2);
    assertFalse(constant.drawnPerStep());
    assertSame(constant, constant.draw(3));
  }
}
