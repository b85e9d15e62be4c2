package org.ecoc4j.api.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.ecoc4j.api.codebook.Codebook;
import org.ecoc4j.api.symbolic.TermLoss;
import org.ecoc4j.api.symbolic.Terms;
import org.junit.jupiter.api.Test;

/** {@link LossSpec#withTermLoss}: a loss written with terms on top of a loss family. */
class TermLossSpecTest {

  private static final Codebook BOOK = Codebook.of(new int[][] {{1, -1, 1}, {-1, 1, 1}});

  @Test
  void aTermLossKeepsTheFamilyAndItsTargets() {
    LossSpec base = LossSpec.tanhSquaredError(List.of(BOOK, BOOK));
    TermLoss loss = Terms::trainingLoss;
    LossSpec custom = base.withTermLoss("mine", loss);
    assertEquals(base.kind(), custom.kind());
    assertEquals(base.classes(), custom.classes());
    assertEquals(base.memberWidth(), custom.memberWidth());
    assertArrayEquals(base.targets(), custom.targets());
    assertSame(loss, custom.termLoss().orElseThrow());
    assertTrue(base.termLoss().isEmpty());
    assertEquals(base, custom.builtIn());
    assertNotEquals(base, custom);
    assertEquals(custom, custom);
    assertTrue(custom.toString().contains("loss=mine"), custom.toString());
  }

  @Test
  void blankNamesAndMissingLossesAreRefused() {
    LossSpec base = LossSpec.crossEntropy(3);
    assertThrows(IllegalArgumentException.class, () -> base.withTermLoss(" ", Terms::outputs));
    assertThrows(NullPointerException.class, () -> base.withTermLoss("x", null));
  }
}
