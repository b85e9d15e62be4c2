package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.google.protobuf.InvalidProtocolBufferException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sums form of training-mode batch normalization gives the centered form's outputs, running
 * statistics and gradients (x, scale, bias) within float tolerance, on seeded inputs of several
 * shapes, means and spreads; with a symbolic dimension the builder falls back to the centered form.
 */
class BatchNormFormsTest {

  static Stream<Arguments> cases() {
    return Stream.of(
        Arguments.of(1L, new long[] {4, 16, 4, 4}, 0.0, 1.0),
        Arguments.of(2L, new long[] {8, 3, 5, 7}, 0.5, 0.3),
        Arguments.of(3L, new long[] {2, 8, 6, 6}, -2.0, 1.5),
        Arguments.of(4L, new long[] {16, 4, 2, 3}, 3.0, 1.0),
        Arguments.of(5L, new long[] {1, 5, 3, 3}, 1.0, 0.05));
  }

  @ParameterizedTest
  @MethodSource("cases")
  void sumsFormEqualsTheCenteredForm(long seed, long[] shape, double offset, double spread) {
    SplittableRandom random = new SplittableRandom(seed);
    int c = (int) shape[1];
    float[] x = new float[(int) (shape[0] * shape[1] * shape[2] * shape[3])];
    for (int i = 0; i < x.length; i++) {
      // a per-channel offset on top of the common one, so channels differ in mean
      int channel = (int) ((i / (shape[2] * shape[3])) % c);
      x[i] = (float) (offset + 0.1 * channel + spread * random.nextGaussian());
    }
    float[] scale = new float[c];
    float[] bias = new float[c];
    float[] mean = new float[c];
    float[] var = new float[c];
    for (int i = 0; i < c; i++) {
      scale[i] = (float) random.nextDouble(0.5, 1.5);
      bias[i] = (float) random.nextDouble(-1, 1);
      mean[i] = (float) random.nextDouble(-1, 1);
      var[i] = (float) random.nextDouble(0.5, 2);
    }
    Map<String, NativeTensor> feeds = BatchNormFormGraph.feeds(x, scale, bias, mean, var, shape);
    try (InferenceSession sums = session(BatchNormFormGraph.Form.SUMS, shape);
        InferenceSession centered = session(BatchNormFormGraph.Form.CENTERED, shape)) {
      List<float[]> a = BatchNormFormGraph.run(sums, feeds);
      List<float[]> b = BatchNormFormGraph.run(centered, feeds);
      for (int k = 0; k < a.size(); k++) {
        String name = BatchNormFormGraph.OUTPUTS.get(k);
        assertEquals(b.get(k).length, a.get(k).length, name);
        double scaleOfValues = 0;
        for (float v : b.get(k)) {
          scaleOfValues = Math.max(scaleOfValues, Math.abs(v));
        }
        for (int i = 0; i < a.get(k).length; i++) {
          double diff = Math.abs(a.get(k)[i] - b.get(k)[i]);
          assertTrue(diff <= 1e-4 * Math.max(1, scaleOfValues),
              name + "[" + i + "]: sums " + a.get(k)[i] + ", centered " + b.get(k)[i]
                  + " (largest |value| " + scaleOfValues + ")");
        }
      }
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
  }

  @Test
  void theTwoFormsAreDifferentGraphs() {
    long[] s = {4, 16, 4, 4};
    String sums = ops(BatchNormFormGraph.Form.SUMS, s);
    String centered = ops(BatchNormFormGraph.Form.CENTERED, s);
    assertTrue(sums.contains("ReduceSumSquare"), sums);
    assertTrue(!centered.contains("ReduceSumSquare") && centered.contains("ReduceMean"), centered);
  }

  @Test
  void aSymbolicBatchTakesTheCenteredForm() {
    GraphBuilder g = new GraphBuilder();
    g.input("x", TensorInfo.floats(TensorInfo.BATCH, 4, 3, 3));
    for (String name : List.of("scale", "bias", "mean", "var")) {
      g.input(name, TensorInfo.floats(4));
    }
    g.output(g.batchNormTraining("x", "scale", "bias", "mean", "var", 1e-3f, 0.9f).output());
    String ops = g.model("symbolic").getGraph().getNodeList().toString();
    assertTrue(ops.contains("ReduceMean") && !ops.contains("ReduceSumSquare"), ops);
  }

  private static String ops(BatchNormFormGraph.Form form, long[] s) {
    try {
      return ModelProto.parseFrom(BatchNormFormGraph.model(form, s[0], s[1], s[2], s[3]))
          .getGraph().getNodeList().toString();
    } catch (InvalidProtocolBufferException e) {
      throw new AssertionError(e);
    }
  }

  private static InferenceSession session(BatchNormFormGraph.Form form, long[] s) {
    return new InferenceSession(BatchNormFormGraph.model(form, s[0], s[1], s[2], s[3]),
        OrtSettings.cpu());
  }
}
