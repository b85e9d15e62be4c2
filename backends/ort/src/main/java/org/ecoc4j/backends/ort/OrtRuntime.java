package org.ecoc4j.backends.ort;

import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_API_VERSION;
import static org.bytedeco.onnxruntime.global.onnxruntime.ORT_LOGGING_LEVEL_ERROR;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtArenaAllocator;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtGetApiBase;
import static org.bytedeco.onnxruntime.global.onnxruntime.OrtMemTypeDefault;

import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.onnxruntime.OrtAllocator;
import org.bytedeco.onnxruntime.OrtApi;
import org.bytedeco.onnxruntime.OrtEnv;
import org.bytedeco.onnxruntime.OrtMemoryInfo;
import org.bytedeco.onnxruntime.OrtStatus;
import org.bytedeco.onnxruntime.OrtTrainingApi;

/**
 * The process-wide ONNX Runtime handles: the C API tables (inference and training), one
 * environment, the CPU memory description and the default allocator. Created on first use, never
 * released.
 */
final class OrtRuntime {

  private static volatile OrtRuntime instance;

  final OrtApi api;
  final OrtTrainingApi training;
  final OrtEnv env;
  final OrtMemoryInfo cpuMemory;
  final OrtAllocator allocator;
  final String version;

  private OrtRuntime() {
    var base = OrtGetApiBase();
    if (base == null || base.isNull()) {
      throw new IllegalStateException("ONNX Runtime native library did not load");
    }
    BytePointer versionText = base.GetVersionString().call();
    version = versionText == null ? "unknown" : versionText.getString();
    api = base.GetApi().call(ORT_API_VERSION);
    if (api == null || api.isNull()) {
      throw new IllegalStateException(
          "ONNX Runtime " + version + " does not offer C API version " + ORT_API_VERSION);
    }
    training = api.GetTrainingApi().call(ORT_API_VERSION);
    if (training == null || training.isNull()) {
      throw new IllegalStateException(
          "ONNX Runtime " + version + " was built without the training API; use "
              + "org.bytedeco:onnxruntime 1.24.1-1.5.13");
    }
    env = new OrtEnv();
    check(api.CreateEnv(ORT_LOGGING_LEVEL_ERROR, "ecoc4j", env), "creating the environment");
    cpuMemory = new OrtMemoryInfo();
    check(
        api.CreateCpuMemoryInfo(OrtArenaAllocator, OrtMemTypeDefault, cpuMemory),
        "describing CPU memory");
    allocator = new OrtAllocator();
    check(api.GetAllocatorWithDefaultOptions(allocator), "getting the default allocator");
  }

  /** The shared runtime, loading the native library on first use. */
  static OrtRuntime get() {
    OrtRuntime local = instance;
    if (local == null) {
      synchronized (OrtRuntime.class) {
        local = instance;
        if (local == null) {
          local = new OrtRuntime();
          instance = local;
        }
      }
    }
    return local;
  }

  /**
   * Turns a non-null status into an {@link OrtException} (and releases the status).
   *
   * @param action what was attempted, for the message
   */
  void check(OrtStatus status, String action) {
    if (status == null || status.isNull()) {
      return;
    }
    int code = api.GetErrorCode().call(status);
    BytePointer text = api.GetErrorMessage().call(status);
    String message = text == null ? "(no message)" : text.getString();
    api.ReleaseStatus(status);
    throw new OrtException(code, "ONNX Runtime failed " + action + ": " + message);
  }
}
