package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.Objects;
import org.ecoc4j.backends.onnx.autodiff.ConvGradient;

/**
 * How ONNX Runtime sessions run: on which device, with how many intra-op threads, whether ONNX
 * Runtime profiles them and how they plan their memory; how the graphs built for them
 * differentiate Conv, and in which layout a training session runs its convolutions.
 *
 * @param device where graphs run
 * @param threads intra-op threads of each session
 * @param profile the file prefix of ONNX Runtime's session profiles ({@code PREFIX-ROLE_DATE.json},
 *     written when a session closes), or {@code null} for no profiling
 * @param convGradient the Conv gradient rule of training and attack graphs ({@link
 *     ConvGradient#AUTO} by default: the GEMM rule for kernels up to 3x3 and {@code ConvGrad}
 *     for larger ones on the CPU, {@code ConvGrad} on CUDA; see {@link #effectiveConvGradient()};
 *     where training runs in NCHWc blocks, auto's weight gradients of stride-1 kernels of 2 to 9
 *     taps are correlations, see {@code OrtTrainingEngine.differentiator})
 * @param memory how the sessions plan their memory ({@link SessionMemory#LEAN} by default)
 * @param convLayout the layout of a training session's convolutions ({@link ConvLayout#AUTO} by
 *     default: ONNX Runtime's NCHWc kernels on the CPU where it has them)
 * @param spinning whether the sessions' intra-op workers spin between operators and runs
 *     (ONNX Runtime's {@code session.intra_op.allow_spinning}); {@code false} by default, see
 *     {@code SessionOptionsFactory}
 */
public record OrtSettings(
    OrtDevice device,
    int threads,
    Path profile,
    ConvGradient convGradient,
    SessionMemory memory,
    ConvLayout convLayout,
    boolean spinning) {

  /** The default number of intra-op threads. */
  public static final int DEFAULT_THREADS = 2;

  /**
   * Refuses a missing device, Conv gradient rule, memory setting or conv layout and non-positive
   * threads.
   */
  public OrtSettings {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(convGradient, "convGradient");
    Objects.requireNonNull(memory, "memory");
    Objects.requireNonNull(convLayout, "convLayout");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
  }

  /**
   * Settings without profiling, with the {@link ConvGradient#AUTO} Conv gradient, {@link
   * SessionMemory#LEAN} memory planning, the {@link ConvLayout#AUTO} conv layout and no spinning.
   */
  public OrtSettings(OrtDevice device, int threads) {
    this(device, threads, null, ConvGradient.AUTO, SessionMemory.LEAN, ConvLayout.AUTO, false);
  }

  /**
   * The Conv gradient rule the graphs are built with: {@link #convGradient()}, except that
   * {@link ConvGradient#AUTO} means {@link ConvGradient#CONVGRAD} on CUDA, where the GEMM rule
   * has not been measured against cuDNN's {@code ConvGrad}.
   */
  public ConvGradient effectiveConvGradient() {
    return convGradient == ConvGradient.AUTO && device == OrtDevice.CUDA
        ? ConvGradient.CONVGRAD
        : convGradient;
  }

  /** The CPU with {@value #DEFAULT_THREADS} threads. */
  public static OrtSettings cpu() {
    return new OrtSettings(OrtDevice.CPU, DEFAULT_THREADS);
  }

  /** These settings with ONNX Runtime's session profiling written to files starting {@code prefix}. */
  public OrtSettings profilingTo(Path prefix) {
    return new OrtSettings(device, threads, Objects.requireNonNull(prefix, "prefix"),
        convGradient, memory, convLayout, spinning);
  }

  /** These settings with Conv differentiated as {@code choice} says. */
  public OrtSettings withConvGradient(ConvGradient choice) {
    return new OrtSettings(device, threads, profile, choice, memory, convLayout, spinning);
  }

  /** These settings with the sessions' memory planned as {@code setting} says. */
  public OrtSettings withMemory(SessionMemory setting) {
    return new OrtSettings(device, threads, profile, convGradient, setting, convLayout, spinning);
  }

  /** These settings with a training session's convolutions in {@code layout}. */
  public OrtSettings withConvLayout(ConvLayout layout) {
    return new OrtSettings(device, threads, profile, convGradient, memory, layout, spinning);
  }

  /** These settings with the sessions' intra-op workers spinning ({@code true}) or not. */
  public OrtSettings withSpinning(boolean spin) {
    return new OrtSettings(device, threads, profile, convGradient, memory, convLayout, spin);
  }
}
