package org.ecoc4j.defenses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.stream.LongStream;
import org.ecoc4j.api.codebook.CodeTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Eq. 3's learned codebook: each code is the mean of its class's outputs, recomputed here sample
 * by sample; a class missing from the generation split, a code length of 0 and a bad label are
 * refused by name.
 */
class ClassMeanCodesTest {

  static LongStream seeds() {
    return LongStream.range(0, 20);
  }

  @ParameterizedTest
  @MethodSource("seeds")
  void eachCodeIsItsClassMean(long seed) {
    Random random = new Random(seed);
    int classes = 2 + random.nextInt(5);
    int length = 1 + random.nextInt(8);
    int samples = classes + random.nextInt(40);
    int[] labels = new int[samples];
    for (int s = 0; s < samples; s++) {
      labels[s] = s < classes ? s : random.nextInt(classes);
    }
    float[] outputs = new float[samples * length];
    for (int i = 0; i < outputs.length; i++) {
      outputs[i] = (float) random.nextGaussian();
    }
    CodeTable table = ClassMeanCodes.of(outputs, labels, classes, length);
    for (int k = 0; k < classes; k++) {
      for (int j = 0; j < length; j++) {
        double sum = 0;
        int count = 0;
        for (int s = 0; s < samples; s++) {
          if (labels[s] == k) {
            sum += outputs[s * length + j];
            count++;
          }
        }
        assertEquals(sum / count, table.value(k, j), 1e-6, "class " + k + " position " + j);
      }
    }
  }

  @Test
  void badInputIsRefusedByName() {
    float[] outputs = {1, 2, 3, 4};
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ClassMeanCodes.of(outputs, new int[] {0, 0}, 2, 2)).getMessage()
        .contains("no sample of class 1"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ClassMeanCodes.of(new float[0], new int[] {0, 1}, 2, 0)).getMessage()
        .contains("code length"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> ClassMeanCodes.of(outputs, new int[] {0, 2}, 2, 2)).getMessage()
        .contains("label 2"));
  }
}
