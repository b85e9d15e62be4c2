package org.ecoc4j.backends.onnx.autodiff;

/**
 * The reverse-mode rule of one operator: given the gradients of a node's outputs, appends the
 * nodes computing the gradients of its inputs that need one.
 */
@FunctionalInterface
public interface GradientRule {

  /** Appends the backward nodes of {@code context.node()}. */
  void backward(GradientContext context);
}
