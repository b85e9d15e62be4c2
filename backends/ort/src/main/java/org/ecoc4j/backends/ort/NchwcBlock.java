package org.ecoc4j.backends.ort;

import java.util.List;
import java.util.Map;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * The channel block of ONNX Runtime's NCHWc kernels on this machine (MLAS picks it when the
 * library loads: 16 with AVX-512, 8 with AVX2 or SSE), or why they cannot be used.
 *
 * <p>ONNX Runtime does not report the block size through its API; it is read off the kernels
 * themselves: {@code ReorderInput} pads the channels of its input to a multiple of the block, so a
 * tensor of 4 channels comes out with one block of channels. The probe runs once per process, on a
 * [1, 4, 1, 1] tensor in a one-thread CPU session; a block below 8 (MLAS reports 1 where it has no
 * NCHWc kernels) or a probe that fails makes the layout unavailable, with the reason.
 *
 * @param size channels per block, 0 when unavailable
 * @param unavailable why the NCHWc kernels cannot be used, or {@code null} when they can
 */
record NchwcBlock(int size, String unavailable) {

  /** The block of this machine, probed on first use. */
  static NchwcBlock detected() {
    return Detected.BLOCK;
  }

  /** Whether the NCHWc kernels can be used. */
  boolean available() {
    return unavailable == null;
  }

  /**
   * {@code size} where it can be a block size the NCHWc rewrites take: a power of two of at least
   * 4.
   *
   * @throws IllegalArgumentException naming the size otherwise
   */
  static int checkedSize(int size) {
    if (size < 4 || Integer.bitCount(size) != 1) {
      throw new IllegalArgumentException(
          "NCHWc block size must be a power of two of at least 4, got " + size);
    }
    return size;
  }

  private static final class Detected {
    static final NchwcBlock BLOCK = probe();
  }

  private static NchwcBlock probe() {
    GraphBuilder g = new GraphBuilder();
    String x = g.input("x", TensorInfo.floats(1, 4, 1, 1));
    String y = g.node("ReorderInput", NchwcConvRewrite.DOMAIN, List.of(x), List.of("blocked"),
        List.of(TensorInfo.floats(1, TensorInfo.UNKNOWN, 1, 1)), List.of()).get(0);
    g.output(y);
    byte[] model = NchwcConvRewrite.importingDomain(g.model("nchwc_block_probe")).toByteArray();
    long channels;
    try (InferenceSession session = new InferenceSession(model, new OrtSettings(OrtDevice.CPU, 1));
        NativeTensor input = NativeTensor.floats(new float[4], 1, 4, 1, 1)) {
      channels = session.run(Map.of(x, input), List.of(y)).get(0).dims()[1];
    } catch (RuntimeException e) {
      return new NchwcBlock(0, "ONNX Runtime's NCHWc ReorderInput failed on this machine: "
          + e.getMessage());
    }
    if (channels < 8 || Long.bitCount(channels) != 1) {
      return new NchwcBlock(0, "ONNX Runtime's NCHWc kernels are not available on this machine"
          + " (ReorderInput padded 4 channels to " + channels + ")");
    }
    return new NchwcBlock((int) channels, null);
  }
}
