package org.ecoc4j.backends.onnx.autodiff;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a {@link Differentiator} differentiates Conv: through ONNX Runtime's {@code ConvGrad} (the
 * {@link Differentiator}'s default), through forward operators with the weight gradient as one
 * GEMM over the whole batch ({@link ConvGradientRules#GEMM}), or by kernel size: the GEMM for
 * kernels up to 3x3 and {@code ConvGrad} for larger ones ({@link
 * ConvGradientRules#SMALL_KERNELS_BY_GEMM}).
 */
public enum ConvGradient {

  /** ONNX Runtime's {@code ConvGrad} kernel ({@link LayerRules#CONV}). */
  CONVGRAD(LayerRules.CONV),

  /** Forward operators, the weight gradient as one GEMM ({@link ConvGradientRules#GEMM}). */
  GEMM(ConvGradientRules.GEMM),

  /**
   * The GEMM for kernels of at most 3x3, {@code ConvGrad} for larger ones ({@link
   * ConvGradientRules#SMALL_KERNELS_BY_GEMM}).
   */
  AUTO(ConvGradientRules.SMALL_KERNELS_BY_GEMM);

  private final GradientRule rule;

  ConvGradient(GradientRule rule) {
    this.rule = rule;
  }

  /** The gradient rule of Conv this choice stands for. */
  public GradientRule rule() {
    return rule;
  }

  /** The option value of this choice: {@code convgrad}, {@code gemm} or {@code auto}. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The choice named {@code value} ({@code convgrad}, {@code gemm} or {@code auto}).
   *
   * @throws IllegalArgumentException naming the value and the choices when it is none of them
   */
  public static ConvGradient parse(String value) {
    for (ConvGradient c : values()) {
      if (c.optionValue().equals(value)) {
        return c;
      }
    }
    throw new IllegalArgumentException("unknown conv gradient '" + value + "'; choose one of "
        + Arrays.stream(values()).map(ConvGradient::optionValue).collect(Collectors.joining(", ")));
  }
}
