package org.ecoc4j.backends.ort;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;

import org.bytedeco.onnxruntime.OrtCUDAProviderOptions;
import org.bytedeco.onnxruntime.OrtSessionOptions;

/** Session options shared by every ecoc4j session: device, thread counts, optimisation level. */
final class SessionOptionsFactory {

  private SessionOptionsFactory() {}

  /**
   * New options for {@code settings}; the caller releases them with {@code ReleaseSessionOptions}.
   *
   * @throws UnsupportedOperationException for a device this build cannot use
   */
  static OrtSessionOptions create(OrtSettings settings) {
    settings.device().requireAvailable();
    OrtRuntime rt = OrtRuntime.get();
    OrtSessionOptions options = new OrtSessionOptions();
    rt.check(rt.api.CreateSessionOptions(options), "creating session options");
    try {
      rt.check(rt.api.SetIntraOpNumThreads(options, settings.threads()), "setting intra-op threads");
      rt.check(rt.api.SetInterOpNumThreads(options, 1), "setting inter-op threads");
      rt.check(
          rt.api.SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL),
          "setting the optimisation level");
      if (settings.device() == OrtDevice.CUDA) {
        OrtCUDAProviderOptions cuda = new OrtCUDAProviderOptions();
        try {
          cuda.device_id(0);
          rt.check(
              rt.api.SessionOptionsAppendExecutionProvider_CUDA(options, cuda),
              "adding the CUDA execution provider");
        } finally {
          cuda.close();
        }
      }
    } catch (RuntimeException e) {
      rt.api.ReleaseSessionOptions(options);
      throw e;
    }
    return options;
  }

}
