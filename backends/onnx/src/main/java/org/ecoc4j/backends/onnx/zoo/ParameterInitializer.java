package org.ecoc4j.backends.onnx.zoo;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecoc4j.api.random.Seeds;

/**
 * Draws the initial values of parameters as their {@link ParameterSpec.Fill} says. Deterministic:
 * the values of a parameter depend only on the seed and the parameter's name.
 */
public final class ParameterInitializer {

  private ParameterInitializer() {}

  /** Initial values by parameter name, in the order of {@code specs}. */
  public static Map<String, float[]> initialize(List<ParameterSpec> specs, long seed) {
    Map<String, float[]> values = new LinkedHashMap<>();
    for (ParameterSpec spec : specs) {
      float[] v = new float[spec.size()];
      if (spec.fill() == ParameterSpec.Fill.ONES) {
        Arrays.fill(v, 1f);
      } else if (spec.fill() == ParameterSpec.Fill.HE_UNIFORM) {
        SplittableRandom random = new SplittableRandom(Seeds.forName(seed, spec.name()));
        double bound = Math.sqrt(6.0 / spec.fanIn());
        for (int i = 0; i < v.length; i++) {
          v[i] = (float) random.nextDouble(-bound, bound);
        }
      }
      values.put(spec.name(), v);
    }
    return values;
  }
}
