package org.ecoc4j.backends.onnx.autodiff;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a {@link Differentiator} differentiates Conv: through ONNX Runtime's {@code ConvGrad} (the
 * default), or through forward operators with the weight gradient as one GEMM over the whole
 * batch ({@link ConvGradientRules#GEMM}).
 */
public enum ConvGradient {

  /** ONNX Runtime's {@code ConvGrad} kernel ({@link LayerRules#CONV}). */
  CONVGRAD(LayerRules.CONV),

  /** Forward operators, the weight gradient as one GEMM ({@link ConvGradientRules#GEMM}). */
  GEMM(ConvGradientRules.GEMM);

  private final GradientRule rule;

  ConvGradient(GradientRule rule) {
    this.rule = rule;
  }

  /** The gradient rule of Conv this choice stands for. */
  public GradientRule rule() {
    return rule;
  }

  /** The option value of this choice: {@code convgrad} or {@code gemm}. */
  public String optionValue() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * The choice named {@code value} ({@code convgrad} or {@code gemm}).
   *
   * @throws IllegalArgumentException naming the value and the choices when it is neither
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
