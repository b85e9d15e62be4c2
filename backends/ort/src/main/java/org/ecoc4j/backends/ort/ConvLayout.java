package org.ecoc4j.backends.ort;

import java.util.Arrays;
import java.util.Locale;

/**
 * The layout in which a training session runs its convolutions: the backend option {@code
 * conv-layout}.
 *
 * <p>{@link #NCHWC} hands ONNX Runtime the training graph with its convolutions rewritten into
 * ONNX Runtime's NCHWc convolutions ({@link NchwcConvRewrite}): MLAS's blocked direct kernels,
 * which ONNX Runtime otherwise uses only for constant weights (so already for every attack and
 * inference graph) and never for trainable ones; the element-wise work and batch normalization
 * between them then runs on the blocked tensors too ({@link NchwcActivationRewrite}).
 * {@link #NCHW} keeps the graph as built (MLAS's per-image im2col and GEMM). {@link #AUTO}, the
 * default, is {@link #NCHWC} on the CPU where the kernels are available ({@link NchwcBlock}) and
 * {@link #NCHW} on CUDA and elsewhere. Only the
 * training graph of a session changes: its eval graph, from which the inference model is exported,
 * and every saved file keep the plain layout, which runs on any machine. An attack oracle's graphs
 * are rewritten the same way, their convolutions of constant weights included ({@link
 * #attackModel}).
 */
public enum ConvLayout {
  /** NCHWc on the CPU where ONNX Runtime has the kernels, NCHW elsewhere: the default. */
  AUTO("auto"),
  /** The convolutions as built. */
  NCHW("nchw"),
  /** ONNX Runtime's NCHWc convolutions for every convolution that qualifies. */
  NCHWC("nchwc");

  private final String label;

  ConvLayout(String label) {
    this.label = label;
  }

  /** The option value naming this layout. */
  public String label() {
    return label;
  }

  /** The option values, in declaration order. */
  static String[] labels() {
    return Arrays.stream(values()).map(ConvLayout::label).toArray(String[]::new);
  }

  /**
   * The layout of that name: {@code auto}, {@code nchw} or {@code nchwc}.
   *
   * @throws IllegalArgumentException for another name
   */
  public static ConvLayout parse(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    for (ConvLayout l : values()) {
      if (l.label.equals(key)) {
        return l;
      }
    }
    throw new IllegalArgumentException(
        "unknown conv layout '" + name + "'; layouts: " + String.join(", ", labels()));
  }

  /**
   * Checks that this layout can run on {@code device}.
   *
   * @throws UnsupportedOperationException for {@link #NCHWC} on CUDA or on a CPU without ONNX
   *     Runtime's NCHWc kernels, saying why
   */
  public void requireAvailable(OrtDevice device) {
    if (this != NCHWC) {
      return;
    }
    if (device != OrtDevice.CPU) {
      throw new UnsupportedOperationException("conv layout 'nchwc' runs ONNX Runtime's CPU"
          + " kernels; device '" + device.name().toLowerCase(Locale.ROOT)
          + "' takes 'auto' or 'nchw'");
    }
    NchwcBlock block = NchwcBlock.detected();
    if (!block.available()) {
      throw new UnsupportedOperationException(
          "conv layout 'nchwc': " + block.unavailable() + "; use 'auto' or 'nchw'");
    }
  }

  /**
   * The training model as a session on {@code device} runs it: the same bytes for {@link #NCHW},
   * on CUDA and where the NCHWc kernels are missing under {@link #AUTO}, else the model with its
   * qualifying convolutions rewritten and the activations between them kept in the blocked
   * layout ({@link NchwcActivationRewrite}).
   *
   * @throws UnsupportedOperationException for {@link #NCHWC} where it cannot run
   * @throws IllegalArgumentException when the bytes are not an ONNX model
   */
  byte[] trainingModel(byte[] model, OrtDevice device) {
    return blocked(model, device, false);
  }

  /**
   * An attack oracle's graph (constant weights) as its sessions on {@code device} run it: the same
   * bytes where {@link #trainingModel} keeps a training graph as built, else with its qualifying
   * convolutions rewritten, those of constant weights included ({@link
   * NchwcConvRewrite#withConstantWeights}), and the activations and batch normalization between
   * them kept in the blocked layout. ONNX Runtime's own layout pass blocks the convolutions of
   * constant weights, but reorders around every operator between them that it does not take (a
   * pre-activation ResNet's batch normalization, ELU).
   *
   * @throws UnsupportedOperationException for {@link #NCHWC} where it cannot run
   * @throws IllegalArgumentException when the bytes are not an ONNX model
   */
  byte[] attackModel(byte[] model, OrtDevice device) {
    return blocked(model, device, true);
  }

  /**
   * {@code model} with its qualifying convolutions (those of constant weights too where {@code
   * constantWeights}) rewritten and the activations between them blocked, or the same bytes where
   * this layout keeps graphs as built on {@code device}.
   */
  private byte[] blocked(byte[] model, OrtDevice device, boolean constantWeights) {
    int block = trainingBlock(device);
    if (block == 0) {
      return model;
    }
    NchwcConvRewrite rewrite = new NchwcConvRewrite(block);
    NchwcConvRewrite.Result convolutions =
        (constantWeights ? rewrite.withConstantWeights() : rewrite).apply(model);
    // the activations have nothing to stay blocked between where no convolution was rewritten
    return convolutions.convolutions() == 0 ? model
        : new NchwcActivationRewrite(block).apply(convolutions.model()).model();
  }

  /**
   * The channel block of the NCHWc kernels that a training session on {@code device} runs its
   * convolutions in, or 0 where it keeps them as built.
   *
   * @throws UnsupportedOperationException for {@link #NCHWC} where it cannot run
   */
  int trainingBlock(OrtDevice device) {
    requireAvailable(device);
    if (this == NCHW || device != OrtDevice.CPU) {
      return 0;
    }
    NchwcBlock block = NchwcBlock.detected();
    return block.available() ? block.size() : 0;
  }
}
