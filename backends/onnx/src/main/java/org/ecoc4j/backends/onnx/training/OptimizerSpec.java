package org.ecoc4j.backends.onnx.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import org.ecoc4j.api.backend.TrainingConfig;

/**
 * The optimizer ONNX Runtime's training session runs after each step, and what it asks of the
 * training graph and of the learning rate fed to the session.
 *
 * <p>ONNX Runtime's training API accepts exactly one {@code AdamWOptimizer} or
 * {@code SGDOptimizerV2} node in the optimizer model, and {@code SGDOptimizerV2} is plain SGD (no
 * momentum, no weight decay). SGD with momentum is therefore run by {@code AdamWOptimizer}
 * configured so that its update is exactly the momentum update (see {@link SgdMomentum}).
 */
public sealed interface OptimizerSpec permits OptimizerSpec.AdamW, OptimizerSpec.SgdMomentum {

  /** The optimizer model. */
  ModelProto graph();

  /** The factor between the configured learning rate and the one fed to the session. */
  double learningRateScale();

  /**
   * The L2 coefficient {@code lambda} whose term {@code lambda * P} the training graph adds to the
   * gradient of every trainable parameter P before accumulation (0 for none).
   */
  double coupledWeightDecay();

  /** AdamW with the configuration's betas, epsilon and decoupled weight decay. */
  static OptimizerSpec adamW(TrainingConfig config) {
    return new AdamW(AdamWSettings.of(config));
  }

  /**
   * SGD with momentum and (coupled, L2) weight decay, as PyTorch's {@code torch.optim.SGD}
   * without dampening or Nesterov: {@code b = momentum * b + (g + weightDecay * p)} (b starts at
   * zero), {@code p = p - lr * b}.
   *
   * @throws IllegalArgumentException for a momentum outside [0, 1) or a negative weight decay
   */
  static OptimizerSpec sgd(double momentum, double weightDecay) {
    return new SgdMomentum(momentum, weightDecay);
  }

  /** PyTorch's AdamW (adam_mode 0 with bias correction). */
  record AdamW(AdamWSettings settings) implements OptimizerSpec {
    @Override
    public ModelProto graph() {
      return OptimizerGraph.adamW(settings);
    }

    @Override
    public double learningRateScale() {
      return 1;
    }

    @Override
    public double coupledWeightDecay() {
      return 0;
    }
  }

  /**
   * SGD with momentum through {@code AdamWOptimizer} in its Hugging Face mode without bias
   * correction, whose update is {@code m = a m + (1 - a) g; v = b v + (1 - b) g^2;
   * p = p - lr' m / (sqrt(v) + eps)}. With {@code a = momentum}, {@code b = 1} (v stays at its
   * initial zero), {@code eps = 1} (the denominator is exactly 1) and {@code lr' = lr / (1 -
   * momentum)}, {@code m / (1 - momentum)} is the momentum buffer b above and the step is
   * {@code lr * b}. The weight decay is added to the gradient in the training graph, and
   * AdamW's own decoupled decay is off.
   *
   * @param momentum in [0, 1); 0 is plain SGD
   * @param weightDecay L2 coefficient, at least 0
   */
  record SgdMomentum(double momentum, double weightDecay) implements OptimizerSpec {

    /** Checks the ranges. */
    public SgdMomentum {
      if (!(momentum >= 0 && momentum < 1)) {
        throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
      }
      if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
        throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
      }
    }

    @Override
    public ModelProto graph() {
      return OptimizerGraph.sgdMomentum(momentum);
    }

    @Override
    public double learningRateScale() {
      return 1 / (1 - momentum);
    }

    @Override
    public double coupledWeightDecay() {
      return weightDecay;
    }
  }
}
