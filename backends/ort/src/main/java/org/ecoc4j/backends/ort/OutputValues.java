package org.ecoc4j.backends.ort;

import java.util.List;
import java.util.function.BiConsumer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.OrtValue;

/** How a session hands the output values of a run back: read in order, every one released. */
final class OutputValues {

  private OutputValues() {}

  /**
   * Passes each output value with its name to {@code reader}, in order, and releases every value,
   * also those after a failed read; after a failure the remaining values are released unread and
   * the first failure is rethrown.
   *
   * @param values the run's output values, as many as {@code names}
   * @param names the outputs' names
   */
  static void readAndRelease(
      PointerPointer<OrtValue> values, List<String> names, BiConsumer<String, OrtValue> reader) {
    OrtRuntime rt = OrtRuntime.get();
    RuntimeException failure = null;
    for (int i = 0; i < names.size(); i++) {
      OrtValue v = values.get(OrtValue.class, i);
      try {
        if (failure == null) {
          reader.accept(names.get(i), v);
        }
      } catch (RuntimeException e) {
        failure = e;
      } finally {
        if (v != null && !v.isNull()) {
          rt.api.ReleaseValue(v);
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
