package org.ecoc4j.api.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class DataValuesTest {

  @Test
  void imageShapeIndexesChannelMajor() {
    ImageShape shape = new ImageShape(3, 4, 5);
    assertEquals(60, shape.size());
    assertEquals(20, shape.plane());
    assertEquals(2 * 20 + 1 * 5 + 4, shape.index(2, 1, 4));
    assertEquals("3x4x5", shape.toString());
    assertThrows(IllegalArgumentException.class, () -> new ImageShape(0, 4, 5));
    assertThrows(IllegalArgumentException.class, () -> new ImageShape(3, 50000, 50000));
  }

  @Test
  void channelStatisticsMatchADirectComputation() {
    ImageShape shape = new ImageShape(2, 1, 2);
    float[] pixels = {0f, 1f, 0.5f, 0.5f, 1f, 1f, 0.25f, 0.75f};
    Split split = Split.inMemory("test", shape, 2, pixels, new int[] {0, 1});
    ChannelStatistics stats = ChannelStatistics.of(split);
    // channel 0 holds 0, 1, 1, 1; channel 1 holds 0.5, 0.5, 0.25, 0.75
    assertArrayEquals(new double[] {0.75, 0.5}, stats.mean(), 1e-9);
    assertArrayEquals(
        new double[] {Math.sqrt(0.1875), Math.sqrt(0.03125)}, stats.std(), 1e-7);
  }

  @Test
  void datasetExceptionNamesSourceAndProblem() {
    DatasetException e = new DatasetException("/data/x.bin", "wrong magic number 0x1");
    assertEquals("/data/x.bin: wrong magic number 0x1", e.getMessage());
    assertEquals("/data/x.bin", e.source());
    assertEquals("wrong magic number 0x1", e.problem());
  }

  @Test
  void datasetSplitByName() {
    Split train = CountingSplit.of(new ImageShape(1, 1, 1), 3, 2);
    Dataset dataset =
        new Dataset() {
          @Override
          public String name() {
            return "tiny";
          }

          @Override
          public String source() {
            return "memory";
          }

          @Override
          public ImageShape shape() {
            return train.shape();
          }

          @Override
          public List<String> classNames() {
            return List.of("a", "b");
          }

          @Override
          public Split train() {
            return train;
          }

          @Override
          public Split test() {
            return train;
          }

          @Override
          public Augmentation trainingAugmentation() {
            return Augmentation.NONE;
          }
        };
    assertEquals(train, dataset.split("train"));
    assertEquals(2, dataset.classes());
    assertArrayEquals(new int[] {2, 1}, train.classCounts());
    assertThrows(IllegalArgumentException.class, () -> dataset.split("validation"));
  }
}
