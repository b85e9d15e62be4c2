package org.ecoc4j.backends.ort;

import java.nio.file.Path;
import java.util.Objects;

/**
 * How ONNX Runtime sessions run: on which device, with how many intra-op threads, whether
 * ONNX Runtime profiles them, and how they plan their memory.
 *
 * @param device where graphs run
 * @param threads intra-op threads of each session
 * @param profile the file prefix of ONNX Runtime's session profiles ({@code PREFIX-ROLE_DATE.json},
 *     written when a session closes), or {@code null} for no profiling
 * @param memory how the sessions plan their memory
 */
public record OrtSettings(OrtDevice device, int threads, Path profile, SessionMemory memory) {

  /** The default number of intra-op threads. */
  public static final int DEFAULT_THREADS = 2;

  /** Refuses a missing device or memory setting and non-positive thread counts. */
  public OrtSettings {
    Objects.requireNonNull(device, "device");
    Objects.requireNonNull(memory, "memory");
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be positive, got " + threads);
    }
  }

  /** Settings without profiling, with ONNX Runtime's default memory planning. */
  public OrtSettings(OrtDevice device, int threads) {
    this(device, threads, null, SessionMemory.DEFAULT);
  }

  /** The CPU with {@value #DEFAULT_THREADS} threads. */
  public static OrtSettings cpu() {
    return new OrtSettings(OrtDevice.CPU, DEFAULT_THREADS);
  }

  /** These settings with ONNX Runtime's session profiling written to files starting {@code prefix}. */
  public OrtSettings profilingTo(Path prefix) {
    return new OrtSettings(device, threads, Objects.requireNonNull(prefix, "prefix"), memory);
  }

  /** These settings with the sessions' memory planned as {@code setting} says. */
  public OrtSettings withMemory(SessionMemory setting) {
    return new OrtSettings(device, threads, profile, setting);
  }
}
