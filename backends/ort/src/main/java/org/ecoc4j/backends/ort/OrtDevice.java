package org.ecoc4j.backends.ort;

import java.util.Locale;

/** Where ONNX Runtime runs the graphs. */
public enum OrtDevice {
  /** The CPU execution provider. */
  CPU,
  /** NVIDIA GPUs through the CUDA execution provider. */
  CUDA;

  /**
   * The device of that name, {@code cpu} or {@code cuda}.
   *
   * @throws IllegalArgumentException for another name
   */
  public static OrtDevice parse(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    for (OrtDevice d : values()) {
      if (d.name().toLowerCase(Locale.ROOT).equals(key)) {
        return d;
      }
    }
    throw new IllegalArgumentException("unknown device '" + name + "'; devices: cpu, cuda");
  }

  /**
   * Checks that this build can run on the device.
   *
   * @throws UnsupportedOperationException for {@link #CUDA}, which this build cannot use yet
   */
  public void requireAvailable() {
    if (this == CUDA) {
      throw new UnsupportedOperationException(
          "device 'cuda' is not available: ecoc4j-backend-ort ships the CPU natives of "
              + "org.bytedeco:onnxruntime 1.24.1-1.5.13 (classifier linux-x86_64); the CUDA "
              + "provider needs the linux-x86_64-gpu classifier and the CUDA 13 libraries "
              + "(libcudart.so.13, libcublas.so.13, libcublasLt.so.13, libcufft.so.12, "
              + "libcudnn.so.9), which this build does not support yet; use device 'cpu'");
    }
  }
}
