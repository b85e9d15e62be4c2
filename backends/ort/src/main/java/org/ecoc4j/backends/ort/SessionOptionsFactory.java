package org.ecoc4j.backends.ort;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.OrtCUDAProviderOptionsV2;
import org.bytedeco.onnxruntime.OrtSessionOptions;

/** Session options shared by every ecoc4j session: device, thread counts, optimisation level. */
final class SessionOptionsFactory {

  /**
   * The CUDA provider's options: device 0, and TF32 off. ONNX Runtime turns TF32 on by default,
   * which rounds the inputs of float convolutions and matrix products to 10-bit mantissas on
   * Ampere and newer GPUs; ecoc4j computes in float32 on every device, so that the GPU's losses and
   * gradients agree with the CPU's and with finite differences.
   */
  private static final String[] CUDA_OPTION_KEYS = {"device_id", "use_tf32"};

  private static final String[] CUDA_OPTION_VALUES = {"0", "0"};

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
        appendCuda(rt, options);
      }
    } catch (RuntimeException e) {
      rt.api.ReleaseSessionOptions(options);
      throw e;
    }
    return options;
  }

  private static void appendCuda(OrtRuntime rt, OrtSessionOptions options) {
    OrtCUDAProviderOptionsV2 cuda = new OrtCUDAProviderOptionsV2();
    rt.check(rt.api.CreateCUDAProviderOptions(cuda), "creating the CUDA provider options");
    try (PointerPointer<BytePointer> keys = new PointerPointer<>(CUDA_OPTION_KEYS);
        PointerPointer<BytePointer> values = new PointerPointer<>(CUDA_OPTION_VALUES)) {
      rt.check(
          rt.api.UpdateCUDAProviderOptions(cuda, keys, values, CUDA_OPTION_KEYS.length),
          "setting the CUDA provider options");
      rt.check(
          rt.api.SessionOptionsAppendExecutionProvider_CUDA_V2(options, cuda),
          "adding the CUDA execution provider");
    } finally {
      rt.api.ReleaseCUDAProviderOptions().call(cuda);
    }
  }
}
