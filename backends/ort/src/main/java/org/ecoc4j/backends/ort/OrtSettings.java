package org.ecoc4j.backends.ort;

import java.util.Objects;

/**
 * How ONNX Runtime sessions run: on which device, with how many intra-op threads.
 *
 * @param device where graphs run
 * @param threads intra-op threads of each session
 */
public record OrtSettings(OrtDevice device, int threads) {

  /** The default number of intra-op threads. */
  public static final int DEFAULT_THREADS = 2;

  /** Refuses a missing device and non-positive thread counts. */
  public OrtSettings {
    Objects.requireNonNull(device, "device");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
  }

  /** The CPU with {@value #DEFAULT_THREADS} threads. */
  public static OrtSettings cpu() {
    return new OrtSettings(OrtDevice.CPU, DEFAULT_THREADS);
  }
}
