package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainedNetwork;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.symbolic.BatchMixing;
import org.ecoc4j.api.symbolic.BlockMixing;
import org.ecoc4j.api.training.TrainingData;
import org.ecoc4j.api.training.TrainingStage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lenet trained by the ort backend with a stage mixed around a block, then run mixed around a
 * block ({@link TrainedModel#aroundBlock}): the identity mixings give the plain scores, a swap
 * swaps the rows, the export runs in a plain ONNX Runtime session with the same scores, and bad
 * blocks and batch sizes are refused.
 */
class BlockMixedNetworkTest {

  @TempDir Path folder;

  private static final Split DATA = SyntheticImages.quadrants(32, 7);
  private static final BatchMixing IDENTITY =
      BatchMixing.of(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, 3, 3);
  private static final BatchMixing SWAP =
      BatchMixing.of(new float[] {0, 1, 0, 1, 0, 0, 0, 0, 1}, 3, 3);

  private static TrainedModel train() {
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, SyntheticImages.CLASSES, 1);
    BatchMixing doubled = BatchMixing.of(new float[] {1, 0, 1, 0, 0, 1, 0, 1}, 4, 2);
    BatchMixing halved = BatchMixing.of(new float[] {0.5f, 0, 0.5f, 0, 0, 0.5f, 0, 0.5f}, 2, 4);
    TrainingStage stage =
        TrainingStage.of("train", LossSpec.crossEntropy(SyntheticImages.CLASSES),
                TrainingConfig.adamW(1, 2, 3))
            .withBlockMixing(new BlockMixing("conv2", doubled, halved));
    return (TrainedModel) new OrtBackend()
        .train(spec, List.of(stage), TrainingData.of(DATA, null), Map.of("progress", "false"));
  }

  private static float[] images(int count) {
    float[] x = new float[count * DATA.shape().size()];
    for (int b = 0; b < count; b++) {
      DATA.copyImage(b, x, b * DATA.shape().size());
    }
    return x;
  }

  @Test
  void theMixedNetworkRunsTheSameWeightsAndExports() throws Exception {
    float[] x = images(3);
    int width = SyntheticImages.CLASSES;
    try (TrainedModel net = train()) {
      assertEquals(1, net.history().size(), "trained with a mixing around conv2");
      float[] plain = net.scores(x, 3);
      try (TrainedNetwork same = net.aroundBlock(new BlockMixing("head", IDENTITY, IDENTITY))) {
        assertArrayEquals(plain, same.scores(x, 3), 1e-6f);
        assertEquals("head", same.spec().blockMixing().orElseThrow().block());
      }
      try (TrainedNetwork swapped = net.aroundBlock(new BlockMixing("conv1", SWAP, IDENTITY))) {
        float[] s = swapped.scores(x, 3);
        for (int c = 0; c < width; c++) {
          assertEquals(plain[width + c], s[c], 1e-5f);
          assertEquals(plain[c], s[width + c], 1e-5f);
          assertEquals(plain[2 * width + c], s[2 * width + c], 1e-5f);
        }
        Path file = folder.resolve("mixed.onnx");
        swapped.exportInference(file);
        try (InferenceSession session =
                new InferenceSession(Files.readAllBytes(file), OrtSettings.cpu());
            NativeTensor input = NativeTensor.floats(x, 3, 1,
                SyntheticImages.SHAPE.height(), SyntheticImages.SHAPE.width())) {
          assertArrayEquals(s, session.run(Map.of("images", input), List.of("scores")).get(0)
              .values(), 1e-6f);
        }
        IllegalArgumentException count =
            assertThrows(IllegalArgumentException.class, () -> swapped.scores(images(2), 2));
        assertTrue(count.getMessage().contains("exactly 3"), count.getMessage());
      }
      IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
          () -> net.aroundBlock(new BlockMixing("fc1", IDENTITY, IDENTITY)));
      assertTrue(unknown.getMessage().contains("its blocks: conv1, conv2, head"),
          unknown.getMessage());
    }
  }
}
