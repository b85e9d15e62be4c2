package org.ecoc4j.backends.ort;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_ENABLE_ALL;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_SEQUENTIAL;

import java.nio.charset.StandardCharsets;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.onnxruntime.OrtCUDAProviderOptionsV2;
import org.bytedeco.onnxruntime.OrtSessionOptions;

/**
 * Session options shared by every ecoc4j session: device, thread counts, execution mode,
 * optimisation level, memory planning ({@link SessionMemory}) and, when asked for, ONNX Runtime's
 * profiling.
 *
 * <p>Every session (the training session's training, eval and optimizer graphs, which ONNX Runtime
 * opens from one options object, and the inference sessions of attacks and exported models) runs
 * its operators one after another ({@code ORT_SEQUENTIAL}: the zoo's networks are chains, so
 * running independent branches side by side has little to win) and spreads each operator over the
 * settings' intra-op threads; the inter-op pool, used only by the parallel execution mode, is one
 * thread. Graphs are optimised at {@code ORT_ENABLE_ALL} (constant folding, fusions such as
 * Conv + Add, and the CPU provider's layout changes).
 *
 * <p>By default every session has its intra-op workers block as soon as they run out of work
 * instead of spinning ({@value #SPINNING} = 0; {@link OrtSettings#spinning()} turns spinning on
 * for every session): each session has a pool of its own, and sessions take turns (an attack
 * oracle's two sessions, loss and gradient and loss only; the evaluation's inference sessions; the
 * training session's training and optimizer graphs, one step after the other), so a finished
 * session's spinning workers took cores from the next one's. On a 2-core machine that made an
 * attack's gradient steps 1.2 (cnn1) to 1.6 (lenet) times slower when they alternated with
 * loss-only queries than when they ran alone, and lenet's training ran at about half speed in
 * most processes (the training and optimizer graphs are two sessions run in turn); without
 * spinning neither happens, and no figure is more than a few per cent below its best with
 * spinning (backends/ort's README, Session options). That was measured on 2 cores; on many
 * cores a worker woken for every operator may cost more than one that spins, hence the setting.
 */
final class SessionOptionsFactory {

  /**
   * The CUDA provider's options: device 0, and TF32 off. ONNX Runtime turns TF32 on by default,
   * which rounds the inputs of float convolutions and matrix products to 10-bit mantissas on
   * Ampere and newer GPUs; ecoc4j computes in float32 on every device, so that the GPU's losses and
   * gradients agree with the CPU's and with finite differences.
   */
  private static final String[] CUDA_OPTION_KEYS = {"device_id", "use_tf32"};

  private static final String[] CUDA_OPTION_VALUES = {"0", "0"};

  /** The session configuration entry that lets intra-op workers spin between runs. */
  static final String SPINNING = "session.intra_op.allow_spinning";

  private SessionOptionsFactory() {}

  /**
   * New options for {@code settings} and a session of {@code role} (which names its profile); the
   * caller releases them with {@code ReleaseSessionOptions}.
   *
   * @throws UnsupportedOperationException for a device this build cannot use
   */
  static OrtSessionOptions create(OrtSettings settings, SessionRole role) {
    settings.device().requireAvailable();
    OrtRuntime rt = OrtRuntime.get();
    OrtSessionOptions options = new OrtSessionOptions();
    rt.check(rt.api.CreateSessionOptions(options), "creating session options");
    try {
      rt.check(rt.api.SetIntraOpNumThreads(options, settings.threads()), "setting intra-op threads");
      rt.check(rt.api.SetInterOpNumThreads(options, 1), "setting inter-op threads");
      rt.check(rt.api.AddSessionConfigEntry(options, SPINNING, settings.spinning() ? "1" : "0"),
          "setting the intra-op threads' spinning");
      rt.check(rt.api.SetSessionExecutionMode(options, ORT_SEQUENTIAL), "setting the execution mode");
      if (settings.memory() == SessionMemory.LEAN) {
        rt.check(rt.api.DisableMemPattern(options), "turning the memory pattern off");
      }
      rt.check(
          rt.api.SetSessionGraphOptimizationLevel(options, ORT_ENABLE_ALL),
          "setting the optimisation level");
      if (settings.profile() != null) {
        // ONNX Runtime copies the prefix; its file name adds "_" and the start time (seconds).
        try (BytePointer prefix = new BytePointer(
            settings.profile().toAbsolutePath() + "-" + role.label(), StandardCharsets.UTF_8)) {
          rt.check(rt.api.EnableProfiling(options, prefix), "enabling profiling");
        }
      }
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
