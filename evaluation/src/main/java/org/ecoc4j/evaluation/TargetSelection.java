package org.ecoc4j.evaluation;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * How a targeted evaluation picks each sample's target class; the target is never the sample's
 * label, and a sample keeps its target for every attack and epsilon.
 */
public enum TargetSelection {
  /** {@code (label + 1) mod classes}, the default. */
  NEXT("next"),
  /**
   * Uniform over the classes other than the label, drawn from the evaluation's seed and the
   * sample's index in the test split: reproducible, and independent of the batch size.
   */
  RANDOM("random"),
  /**
   * The class other than the label with the lowest clean posterior of the deployed decoder (the
   * defense under attack); ties go to the lowest class index, so a sample every member rejected
   * (all posteriors zero) gets the first class other than its label.
   */
  LEAST_LIKELY("least-likely");

  /** Keeps the targets' random streams apart from the attacks' streams of the same seed. */
  private static final long SALT = 0x7A3C5E9D1B2F4861L;

  private final String label;

  TargetSelection(String label) {
    this.label = label;
  }

  /** The name users give: {@code next}, {@code random} or {@code least-likely}. */
  public String label() {
    return label;
  }

  /**
   * The selection named {@code text}.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static TargetSelection parse(String text) {
    for (TargetSelection selection : values()) {
      if (selection.label.equals(text.strip().toLowerCase(Locale.ROOT))) {
        return selection;
      }
    }
    throw new IllegalArgumentException(
        "target selection must be next, random or least-likely, got '" + text + "'");
  }

  /** Whether {@link #target} reads the clean posteriors. */
  public boolean needsPosteriors() {
    return this == LEAST_LIKELY;
  }

  /**
   * The target of one sample.
   *
   * @param label the sample's true class, in {@code [0, classes)}
   * @param classes the number of classes, at least 2
   * @param seed the evaluation's seed
   * @param sample the sample's index in the test split
   * @param posteriors the clean posteriors of a batch, {@code classes} per sample, row-major;
   *     read only when {@link #needsPosteriors()}, otherwise may be {@code null}
   * @param row the sample's row in {@code posteriors}
   * @throws IllegalArgumentException for fewer than 2 classes, a label outside them, or missing
   *     posteriors
   */
  public int target(int label, int classes, long seed, long sample, float[] posteriors, int row) {
    if (classes < 2) {
      throw new IllegalArgumentException(
          "a targeted attack needs at least 2 classes, the data has " + classes);
    }
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
    }
    return switch (this) {
      case NEXT -> (label + 1) % classes;
      case RANDOM -> random(label, classes, seed, sample);
      case LEAST_LIKELY -> leastLikely(label, classes, posteriors, row);
    };
  }

  private static int random(int label, int classes, long seed, long sample) {
    int drawn = new SplittableRandom(mix(seed ^ mix(sample ^ SALT))).nextInt(classes - 1);
    return drawn >= label ? drawn + 1 : drawn;
  }

  private static int leastLikely(int label, int classes, float[] posteriors, int row) {
    if (posteriors == null || posteriors.length < (long) (row + 1) * classes) {
      throw new IllegalArgumentException(
          "least-likely targets need " + classes + " clean posteriors for row " + row);
    }
    int offset = row * classes;
    int best = -1;
    for (int c = 0; c < classes; c++) {
      if (c != label && (best < 0 || posteriors[offset + c] < posteriors[offset + best])) {
        best = c;
      }
    }
    return best;
  }

  /** SplitMix64's finalizer: a bijective mix of the 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
