package org.ecoc4j.backends.ort;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;

import org.bytedeco.onnxruntime.OrtSessionOptions;

/** Session options shared by every ecoc4j session: device, thread counts, optimisation level. */
final class SessionOptionsFactory {

  /** Intra-op threads when the {@code ecoc4j.ort.threads} system property is not set. */
  static final int DEFAULT_THREADS = 2;

  private SessionOptionsFactory() {}

  /**
   * New options for {@code device}; the caller releases them with {@code ReleaseSessionOptions}.
   *
   * @throws UnsupportedOperationException for a device this build cannot use
   */
  static OrtSessionOptions create(OrtDevice device) {
    device.requireAvailable();
    OrtRuntime rt = OrtRuntime.get();
    OrtSessionOptions options = new OrtSessionOptions();
    rt.check(rt.api.CreateSessionOptions(options), "creating session options");
    try {
      rt.check(rt.api.SetIntraOpNumThreads(options, threads()), "setting intra-op threads");
      rt.check(rt.api.SetInterOpNumThreads(options, 1), "setting inter-op threads");
      rt.check(
          rt.api.SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL),
          "setting the optimisation level");
    } catch (RuntimeException e) {
      rt.api.ReleaseSessionOptions(options);
      throw e;
    }
    return options;
  }

  private static int threads() {
    String text = System.getProperty("ecoc4j.ort.threads");
    if (text == null) {
      return DEFAULT_THREADS;
    }
    try {
      int n = Integer.parseInt(text.strip());
      if (n < 1) {
        throw new NumberFormatException("not positive");
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "system property ecoc4j.ort.threads must be a positive integer, got '" + text + "'");
    }
  }
}
