package org.ecoc4j.backends.ort;

import java.util.Arrays;
import java.util.Locale;

/**
 * How ONNX Runtime sessions plan their memory: the backend option {@code memory}.
 *
 * <p>{@link #DEFAULT} keeps ONNX Runtime's defaults: the CPU memory arena and the memory pattern,
 * which, after the first run, serves a run's intermediate tensors from one block planned for the
 * whole graph. That block is asked of the arena after the first run has already grown the arena to
 * hold the same tensors one by one, so a training session ends up holding both (see the module
 * README, "Memory of training"). {@link #LEAN} turns the memory pattern off ({@code
 * DisableMemPattern}): every tensor comes from the arena as it is needed and goes back to it when
 * its last reader is done.
 */
public enum SessionMemory {
  /** ONNX Runtime's defaults: CPU arena and memory pattern. */
  DEFAULT("default"),
  /** The memory pattern off; the CPU arena kept. */
  LEAN("lean");

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
   * The setting of that name, {@code default} or {@code lean}.
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
