package org.ecoc4j.backends.ort;

import java.util.Arrays;
import java.util.Locale;

/**
 * How ONNX Runtime sessions plan their memory: the backend option {@code memory}.
 *
 * <p>{@link #LEAN}, the default, turns ONNX Runtime's memory pattern off ({@code
 * DisableMemPattern}) and keeps the CPU memory arena: every tensor comes from the arena as it is
 * needed and goes back to it when its last reader is done. {@link #PATTERN} keeps ONNX Runtime's
 * own defaults: the memory pattern, which, after the first run, serves a run's intermediate
 * tensors from one block planned for the whole graph. That block is asked of the arena after the
 * first run has already grown the arena to hold the same tensors one by one, so a training session
 * ends up holding both (see the module README, "Memory of training"). The two compute the same
 * bits at the same speed (measured; see the README); lean takes about 0.6 times the resident
 * memory growth in training.
 */
public enum SessionMemory {
  /** The memory pattern off, the CPU arena kept: the default. */
  LEAN("lean"),
  /** ONNX Runtime's defaults: the CPU arena and the memory pattern. */
  PATTERN("pattern");

  private final String label;

  SessionMemory(String label) {
    this.label = label;
  }

  /** The option value naming this setting. */
  public String label() {
    return label;
  }

  /** The option values, in declaration order. */
  static String[] labels() {
    return Arrays.stream(values()).map(SessionMemory::label).toArray(String[]::new);
  }

  /**
   * The setting of that name, {@code lean} or {@code pattern}.
   *
   * @throws IllegalArgumentException for another name
   */
  public static SessionMemory parse(String name) {
    String key = name.strip().toLowerCase(Locale.ROOT);
    for (SessionMemory m : values()) {
      if (m.label.equals(key)) {
        return m;
      }
    }
    throw new IllegalArgumentException("unknown session memory setting '" + name
        + "'; settings: " + String.join(", ", labels()));
  }
}
