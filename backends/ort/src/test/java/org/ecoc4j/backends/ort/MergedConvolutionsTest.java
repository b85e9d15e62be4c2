package org.ecoc4j.backends.ort;

import static org.ecoc4j.backends.ort.GradientChecker.Input.floats;
import static org.ecoc4j.backends.ort.GradientChecker.uniform;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ecoc4j.api.backend.LossSpec;
import org.ecoc4j.api.backend.ModelSpec;
import org.ecoc4j.api.backend.TrainingConfig;
import org.ecoc4j.api.data.ImageShape;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.training.LossGraph;
import org.ecoc4j.backends.onnx.training.OptimizerSpec;
import org.ecoc4j.backends.onnx.training.TrainingArtifacts;
import org.ecoc4j.backends.onnx.zoo.ModelZoo;
import org.ecoc4j.backends.onnx.zoo.ParameterInitializer;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;
import org.ecoc4j.backends.onnx.zoo.ZooModel;
import org.junit.jupiter.api.Test;

/**
 * Convolutions of one input merged into one ({@code SharedInputConvolutions}, asked for by the
 * CPU's differentiators): their gradients against finite differences, an ensemble's scores and
 * gradients against the unmerged graph's, and which of the zoo's convolutions the CPU merges.
 */
class MergedConvolutionsTest {

  private static final Differentiator MERGING =
      Differentiator.standard().mergingSharedInputConvolutions(channels -> true);
  private static final ImageShape GRAY = new ImageShape(1, 12, 12);

  /** Two convolutions of x with 4 and 2 output channels, read by different operators. */
  @Test
  void mergedConvolutionsMatchFiniteDifferences() {
    new GradientChecker(MERGING, 1e-2, 5e-3, 1e-2, 64).check(
        List.of(floats("x", uniform(2 * 3 * 6 * 6, 1), 2, 3, 6, 6),
            floats("w0", uniform(4 * 3 * 9, 2), 4, 3, 3, 3), floats("b0", uniform(4, 3), 4),
            floats("w1", uniform(2 * 3 * 9, 4), 2, 3, 3, 3), floats("b1", uniform(2, 5), 2)),
        g -> {
          String y0 = g.conv("x", "w0", "b0", 1, 1);
          String y1 = g.conv("x", "w1", "b1", 1, 1);
          return g.concat(1, List.of(g.tanh(y0), g.mul(y1, y1)));
        });
  }

  /** lenet of two members end to end, with the CPU's training differentiator. */
  @Test
  void aMergedEnsembleMatchesFiniteDifferences() {
    ModelSpec spec = new ModelSpec("lenet", GRAY, 3, 2);
    ZooModel model = ModelZoo.create(spec);
    List<GradientChecker.Input> inputs = new ArrayList<>();
    inputs.add(floats("images", uniform(3 * GRAY.size(), 5), 3, 1, 12, 12));
    inputs.add(GradientChecker.Input.longs("labels", new long[] {0, 2, 1}, 3));
    Map<String, float[]> values = ParameterInitializer.initialize(model.parameters(), 3);
    for (ParameterSpec p : model.parameters()) {
      inputs.add(GradientChecker.checkedParameter(p, values.get(p.name())));
    }
    new GradientChecker(OrtTrainingEngine.differentiator(OrtSettings.cpu()), 1e-3, 1e-2, 5e-2, 6)
        .check(inputs, g -> LossGraph.append(g, LossSpec.crossEntropy(3), spec,
            model.forward(g, "images", false).output(), "labels").perSample());
  }

  /**
   * A 3-member lenet's scores and gradients (images and every parameter) from the merged graph
   * equal the unmerged graph's up to float rounding (5e-5 of the largest magnitude).
   */
  @Test
  void anEnsembleComputesTheSameMergedAsApart() {
    ModelSpec spec = new ModelSpec("lenet", new ImageShape(1, 28, 28), 10, 3);
    ZooModel model = ModelZoo.create(spec);
    NetworkGradients.assertWithinRounding(NetworkGradients.of(model, Differentiator.standard()),
        NetworkGradients.of(model, MERGING), "3-member lenet merged");
  }

  /**
   * On the CPU the graphs of a 3-member lenet (training and attack graphs share the differentiator)
   * convolve the images once (6
   * output channels per member, not a multiple of a block); where the NCHWc kernels run, cnn1's
   * and resnet20v2's first layers (32 and 16 channels, which those kernels take without im2col)
   * stay apart; on CUDA nothing is merged.
   */
  @Test
  void theCpuMergesTheConvolutionsThatRunThroughIm2col() {
    OrtSettings cpu = OrtSettings.cpu();
    assertEquals(1, imageConvolutions("lenet", OrtTrainingEngine.differentiator(cpu)));
    assertEquals(3, imageConvolutions("lenet",
        OrtTrainingEngine.differentiator(new OrtSettings(OrtDevice.CUDA, 1))));
    assumeTrue(NchwcBlock.detected().available(), () -> NchwcBlock.detected().unavailable());
    for (String name : List.of("cnn1", "resnet20v2")) {
      assertEquals(3, imageConvolutions(name, OrtTrainingEngine.differentiator(cpu)), name);
    }
  }

  private static long imageConvolutions(String architecture, Differentiator differentiator) {
    ModelSpec spec = new ModelSpec(architecture, new ImageShape(3, 32, 32), 10, 3);
    TrainingConfig config = TrainingConfig.adamW(1, 16, 1);
    byte[] training = TrainingArtifacts.build(ModelZoo.create(spec), LossSpec.crossEntropy(10),
        config, OptimizerSpec.adamW(config), differentiator).trainingModel();
    try {
      return ModelProto.parseFrom(training).getGraph().getNodeList().stream()
          .filter(n -> n.getOpType().equals("Conv"))
          .map(NodeProto::getInputList)
          .filter(in -> in.get(0).equals(TrainingArtifacts.IMAGES))
          .count();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }
}
