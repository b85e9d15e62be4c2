package org.ecoc4j.backends.ort;

import java.util.List;
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
   * Checks that this installation can run on the device.
   *
   * @throws UnsupportedOperationException for {@link #CUDA} when something it needs is missing,
   *     naming each missing piece (the GPU natives, the CUDA libraries)
   */
  public void requireAvailable() {
    if (this == CUDA) {
      List<String> missing = CudaRequirements.missing();
      if (!missing.isEmpty()) {
        throw new UnsupportedOperationException(
            "device 'cuda' is not available; missing: " + String.join("; ", missing)
                + ". Use device 'cpu', or see backends/ort/README.md (CUDA)");
      }
    }
  }

  /** Whether this installation can run on the device (see {@link #requireAvailable()}). */
  public boolean isAvailable() {
    return this == CPU || CudaRequirements.missing().isEmpty();
  }
}
