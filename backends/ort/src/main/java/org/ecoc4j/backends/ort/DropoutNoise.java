package org.ecoc4j.backends.ort;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ecoc4j.api.random.Seeds;
import org.ecoc4j.backends.onnx.graph.ElementType;
import org.ecoc4j.backends.onnx.graph.TensorInfo;

/**
 * The noise a training model's dropout layers read (see {@link
 * org.ecoc4j.backends.onnx.training.TrainingArtifacts}): one native float tensor per noise input,
 * allocated once and redrawn before each step with uniform values in [0, 1).
 *
 * <p>Each input's noise of a step comes from its own {@link SplittableRandom}, seeded from the
 * run's seed, the epoch, the batch and the input's index and nothing else, so a resumed run draws
 * exactly the masks of the uninterrupted run. Close it to free the native memory. Not thread-safe.
 */
public final class DropoutNoise implements AutoCloseable {

  /** The spacing of the noise values: 24 random bits, a float's full precision in [0, 1). */
  private static final float ULP = 0x1.0p-24f;

  private final List<float[]> values = new ArrayList<>();
  private final Map<String, NativeTensor> tensors = new LinkedHashMap<>();

  /**
   * Allocates a tensor for each named input of a model.
   *
   * @param signature the model's declared inputs
   * @param names the noise inputs, in the order the model takes them
   * @throws IllegalArgumentException for a name the model does not declare, or an input that is
   *     not float with fixed dimensions
   */
  DropoutNoise(GraphSignature signature, List<String> names) {
    for (String name : names) {
      TensorInfo info = signature.input(name);
      if (info.elementType() != ElementType.FLOAT || !fixed(info)) {
        throw new IllegalArgumentException(
            "dropout noise input '" + name + "' must be float with fixed dimensions, got " + info);
      }
      if (info.elementCount() > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "dropout noise input '" + name + "' is too large for one array: " + info);
      }
    }
    try {
      for (String name : names) {
        TensorInfo info = signature.input(name);
        float[] v = new float[(int) info.elementCount()];
        values.add(v);
        tensors.put(name, NativeTensor.floats(v, info.dims()));
      }
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private static boolean fixed(TensorInfo info) {
    for (long d : info.dims()) {
      if (d < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Draws the noise of one training step into every tensor.
   *
   * @param seed the run's seed
   * @param epoch the epoch, from 1
   * @param batch the batch within the epoch, from 0
   */
  public void draw(long seed, int epoch, int batch) {
    int layer = 0;
    for (Map.Entry<String, NativeTensor> e : tensors.entrySet()) {
      float[] v = values.get(layer);
      SplittableRandom random = new SplittableRandom(streamSeed(seed, epoch, batch, layer));
      for (int i = 0; i < v.length; i++) {
        v[i] = (random.nextInt() >>> 8) * ULP;
      }
      e.getValue().copyFrom(v);
      layer++;
    }
  }

  /**
   * The seed of one layer's noise in one step: each value in turn is mixed into the previous
   * result with SplittableRandom's 64-bit mixing function.
   */
  private static long streamSeed(long seed, int epoch, int batch, int layer) {
    return Seeds.chain(seed, epoch, batch, layer);
  }

  /** The tensors by input name, in the order the model takes them (a read-only view). */
  public Map<String, NativeTensor> tensors() {
    return Collections.unmodifiableMap(tensors);
  }

  @Override
  public void close() {
    tensors.values().forEach(NativeTensor::close);
  }
}
