package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTest {

  @Test
  void exportedModelReloadsAndMatchesTheTrainedScores(@TempDir Path dir) throws Exception {
    Split data = SyntheticImages.quadrants(128, 21);
    ModelSpec spec = new ModelSpec("lenet", SyntheticImages.SHAPE, 4, 2);
    try (TrainedModel model =
        new Trainer(OrtSettings.cpu(), null)
            .train(spec, LossSpec.crossEntropy(4), TrainingConfig.adamW(1, 32, 3), data, null)) {
      Path file = dir.resolve("lenet.onnx");
      model.exportInference(file);
      byte[] bytes = Files.readAllBytes(file);

      ModelProto proto = ModelProto.parseFrom(bytes);
      for (NodeProto node : proto.getGraph().getNodeList()) {
        assertEquals("", node.getDomain(), "exported node " + node.getOpType() + " is not standard");
        assertTrue(!node.getOpType().endsWith("Grad"), node.getOpType());
      }

      int batch = 5;
      float[] images = new float[batch * 256];
      for (int i = 0; i < batch; i++) {
        data.copyImage(i, images, i * 256);
      }
      float[] expected = model.scores(images, batch);
      try (InferenceSession session = new InferenceSession(bytes, OrtSettings.cpu());
          NativeTensor x = NativeTensor.floats(images, batch, 1, 16, 16)) {
        assertEquals(List.of("images"), session.inputNames());
        float[] actual = session.run(Map.of("images", x), List.of("scores")).get(0).values();
        assertEquals(expected.length, actual.length);
        for (int i = 0; i < expected.length; i++) {
          assertEquals(expected[i], actual[i], 1e-5, "score " + i);
        }
      }
    }
  }
}
