package org.ecoc4j.backends.ort;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.ecoc4j.backends.onnx.autodiff.Differentiator;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.GraphBuilder;
import org.ecoc4j.backends.onnx.graph.TensorInfo;
import org.ecoc4j.backends.onnx.zoo.ParameterSpec;

/**
 * Compares the gradients the {@link Differentiator} emits, run by ONNX Runtime, with central finite
 * differences of the same graph's loss (the quotient taken in double precision from the float32
 * losses ONNX Runtime computes).
 *
 * <p>The checked function is {@code sum(forward(inputs) * R)} with a fixed random {@code R}, so
 * every output element contributes with its own weight.
 */
final class GradientChecker {

  /**
   * A graph input with its values; integer inputs (labels) and frozen float inputs (running
   * statistics) are fed but not differentiated.
   */
  record Input(String name, TensorInfo info, float[] floats, long[] longs, boolean frozen) {
    static Input floats(String name, float[] values, long... dims) {
      return new Input(name, TensorInfo.floats(dims), values, null, false);
    }

    static Input frozen(String name, float[] values, long... dims) {
      return new Input(name, TensorInfo.floats(dims), values, null, true);
    }

    static Input longs(String name, long[] values, long... dims) {
      return new Input(name, TensorInfo.longs(dims), null, values, true);
    }
  }

  private final Differentiator differentiator;
  private final double step;
  private final double absoluteTolerance;
  private final double relativeTolerance;
  private final int samplesPerInput;
  private final int toleratedMismatches;
  private final OrtSettings settings;
  private final UnaryOperator<byte[]> rewrite;

  GradientChecker(double step, double absoluteTolerance, double relativeTolerance, int samples) {
    this(Differentiator.standard(), step, absoluteTolerance, relativeTolerance, samples);
  }

  GradientChecker(
      Differentiator differentiator, double step, double absoluteTolerance,
      double relativeTolerance, int samples) {
    this(differentiator, step, absoluteTolerance, relativeTolerance, samples, 0);
  }

  /**
   * A checker that lets {@code tolerated} sampled elements disagree: for networks with max
   * pooling, where a step that moves a whole channel can swap the maximum of some window (a kink
   * of the loss) and the difference quotient then measures a mixture of two slopes.
   */
  GradientChecker(
      Differentiator differentiator, double step, double absoluteTolerance,
      double relativeTolerance, int samples, int tolerated) {
    this(differentiator, step, absoluteTolerance, relativeTolerance, samples, tolerated,
        OrtSettings.cpu(), UnaryOperator.identity());
  }

  private GradientChecker(
      Differentiator differentiator, double step, double absoluteTolerance,
      double relativeTolerance, int samples, int tolerated, OrtSettings settings,
      UnaryOperator<byte[]> rewrite) {
    this.settings = settings;
    this.rewrite = rewrite;
    this.toleratedMismatches = tolerated;
    this.differentiator = differentiator;
    this.step = step;
    this.absoluteTolerance = absoluteTolerance;
    this.relativeTolerance = relativeTolerance;
    this.samplesPerInput = samples;
  }

  /** This checker running the graphs on {@code settings}' device (the CPU unless told). */
  GradientChecker on(OrtSettings settings) {
    return new GradientChecker(
        differentiator, step, absoluteTolerance, relativeTolerance, samplesPerInput,
        toleratedMismatches, settings, rewrite);
  }

  /**
   * This checker running each gradient graph as {@code rewrite} makes it (as a training session
   * runs its graph in the layout {@link ConvLayout#trainingModel} gives it).
   */
  GradientChecker rewrittenBy(UnaryOperator<byte[]> rewrite) {
    return new GradientChecker(
        differentiator, step, absoluteTolerance, relativeTolerance, samplesPerInput,
        toleratedMismatches, settings, rewrite);
  }

  /** The default for single operators: step 1e-2, tolerance 5e-3 + 1e-2 relative. */
  static GradientChecker forOperators() {
    return new GradientChecker(1e-2, 5e-3, 1e-2, 64);
  }

  /**
   * Checks every float input's gradient; {@code forward} receives the graph holding the inputs
   * (by their names) and returns the output tensor.
   *
   * @return the largest absolute difference seen
   */
  double check(List<Input> inputs, Function<GraphBuilder, String> forward) {
    GraphBuilder g = new GraphBuilder();
    List<String> floats = new ArrayList<>();
    for (Input in : inputs) {
      g.input(in.name(), in.info());
      if (in.info().elementType() == ElementType.FLOAT && !in.frozen()) {
        floats.add(in.name());
      }
    }
    String y = forward.apply(g);
    TensorInfo yInfo = g.info(y);
    SplittableRandom random = new SplittableRandom(99);
    float[] weights = new float[(int) yInfo.elementCount()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = (float) random.nextDouble(-1, 1);
    }
    String loss = g.reduceSum(g.mul(y, g.constant("weights", weights, yInfo.dims())), false);
    Map<String, String> grads =
        differentiator.differentiate(g, loss, floats, n -> n + "_gradient");
    g.output(g.identityNamed(loss, "checked_loss"));
    grads.values().forEach(g::output);
    byte[] model = rewrite.apply(g.model("gradient_check").toByteArray());

    Map<String, NativeTensor> feeds = new LinkedHashMap<>();
    double worst = 0;
    List<String> mismatches = new ArrayList<>();
    int checked = 0;
    try (InferenceSession session = new InferenceSession(model, settings)) {
      for (Input in : inputs) {
        feeds.put(
            in.name(),
            in.floats() != null
                ? NativeTensor.floats(in.floats(), in.info().dims())
                : NativeTensor.longs(in.longs(), in.info().dims()));
      }
      List<String> outs = new ArrayList<>(List.of("checked_loss"));
      outs.addAll(grads.values());
      List<HostTensor> analytic = session.run(feeds, outs);
      for (int k = 0; k < floats.size(); k++) {
        Input in = find(inputs, floats.get(k));
        float[] values = in.floats().clone();
        float[] gradient = analytic.get(k + 1).values();
        NativeTensor tensor = feeds.get(in.name());
        int n = values.length;
        int samples = Math.min(n, samplesPerInput);
        for (int s = 0; s < samples; s++) {
          int i = samples == n ? s : random.nextInt(n);
          float original = values[i];
          values[i] = (float) (original + step);
          tensor.copyFrom(values);
          double plus = session.run(feeds, List.of("checked_loss")).get(0).scalar();
          values[i] = (float) (original - step);
          tensor.copyFrom(values);
          double minus = session.run(feeds, List.of("checked_loss")).get(0).scalar();
          values[i] = original;
          tensor.copyFrom(values);
          double actualStep = ((double) (float) (original + step) - (float) (original - step)) / 2;
          double numeric = (plus - minus) / (2 * actualStep);
          double diff = Math.abs(numeric - gradient[i]);
          worst = Math.max(worst, diff);
          checked++;
          if (diff > absoluteTolerance + relativeTolerance * Math.abs(numeric)) {
            mismatches.add(
                "d loss / d " + in.name() + "[" + i + "]: analytic " + gradient[i] + ", numeric "
                    + numeric);
          }
        }
      }
    } finally {
      feeds.values().forEach(NativeTensor::close);
    }
    assertTrue(
        mismatches.size() <= toleratedMismatches,
        mismatches.size() + " of " + checked + " sampled elements disagree (" + toleratedMismatches
            + " tolerated): " + mismatches);
    return worst;
  }

  private static Input find(List<Input> inputs, String name) {
    return inputs.stream().filter(i -> i.name().equals(name)).findFirst().orElseThrow();
  }

  /** Uniform values in [-1, 1) kept at least {@code margin} away from zero. */
  static float[] awayFromZero(int n, long seed, double margin) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      double x = random.nextDouble(margin, 1);
      v[i] = (float) (random.nextBoolean() ? x : -x);
    }
    return v;
  }

  /**
   * A parameter checked at its initial value, except that a zero-filled one (a bias) is moved to
   * small seeded values in [-0.1, 0.1): a check at zero would miss what vanishes there.
   */
  static Input checkedParameter(ParameterSpec p, float[] initial) {
    float[] v = initial;
    if (p.fill() == ParameterSpec.Fill.ZEROS) {
      v = uniform(v.length, p.name().hashCode());
      for (int i = 0; i < v.length; i++) {
        v[i] *= 0.1f;
      }
    }
    return Input.floats(p.name(), v, p.dims());
  }

  /** Uniform values in [-1, 1). */
  static float[] uniform(int n, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) random.nextDouble(-1, 1);
    }
    return v;
  }

  /** A random permutation of {@code n} values spaced {@code gap} apart: no ties, no near-ties. */
  static float[] distinct(int n, long seed, double gap) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] v = new float[n];
    for (int i = 0; i < n; i++) {
      v[i] = (float) ((i - n / 2.0) * gap);
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      float t = v[i];
      v[i] = v[j];
      v[j] = t;
    }
    return v;
  }
}
