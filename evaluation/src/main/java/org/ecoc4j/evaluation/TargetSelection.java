package org.ecoc4j.evaluation;

import java.util.Locale;
import java.util.Objects;
import java.util.SplittableRandom;
import org.ecoc4j.api.random.Seeds;

/**
 * How a targeted evaluation picks each sample's target classes; a target is never the sample's
 * label, and a sample keeps its targets for every attack and epsilon. {@link #NEXT}, {@link
 * #RANDOM} and {@link #LEAST_LIKELY} give one target per sample; {@link #top(int) top-K} gives K
 * (AutoAttack's APGD-T sweep): the sample is attacked once per target and counts as broken when
 * any of the K runs makes the deployed decoder accept a wrong class.
 */
public final class TargetSelection {

  /** {@code (label + 1) mod classes}, the default. */
  public static final TargetSelection NEXT = new TargetSelection(Kind.NEXT, 1);
  /**
   * Uniform over the classes other than the label, drawn from the evaluation's seed and the
   * sample's index in the test split: reproducible, and independent of the batch size.
   */
  public static final TargetSelection RANDOM = new TargetSelection(Kind.RANDOM, 1);
  /**
   * The class other than the label with the lowest clean posterior of the deployed decoder (the
   * defense under attack); ties go to the lowest class index, so a sample every member rejected
   * (all posteriors zero) gets the first class other than its label.
   */
  public static final TargetSelection LEAST_LIKELY = new TargetSelection(Kind.LEAST_LIKELY, 1);

  private final Kind kind;
  private final int count;

  private TargetSelection(Kind kind, int count) {
    this.kind = kind;
    this.count = count;
  }

  /**
   * The {@code count} classes other than the label with the highest clean posteriors of the
   * deployed decoder, in decreasing order (ties to the lowest class index); rank 0 is the most
   * likely other class.
   *
   * @throws IllegalArgumentException for a count below 1
   */
  public static TargetSelection top(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a top-K target selection needs K >= 1, got " + count);
    }
    return new TargetSelection(Kind.TOP, count);
  }

  /**
   * The name users give: {@code next}, {@code random}, {@code least-likely} or {@code top-K}.
   */
  public String label() {
    return kind == Kind.TOP ? kind.label + "-" + count : kind.label;
  }

  /**
   * The selection named {@code text}: {@code next}, {@code random}, {@code least-likely} or
   * {@code top-K} with K a positive integer.
   *
   * @throws IllegalArgumentException naming the accepted names
   */
  public static TargetSelection parse(String text) {
    String name = text.strip().toLowerCase(Locale.ROOT);
    for (TargetSelection selection : new TargetSelection[] {NEXT, RANDOM, LEAST_LIKELY}) {
      if (selection.label().equals(name)) {
        return selection;
      }
    }
    String prefix = Kind.TOP.label + "-";
    if (name.startsWith(prefix)) {
      String digits = name.substring(prefix.length());
      if (digits.matches("[0-9]{1,9}") && Integer.parseInt(digits) >= 1) {
        return top(Integer.parseInt(digits));
      }
    }
    throw new IllegalArgumentException(
        "target selection must be next, random, least-likely or top-K with K >= 1, got '" + text
            + "'");
  }

  /** How many targets each sample gets: K for {@code top-K}, otherwise 1. */
  public int count() {
    return count;
  }

  /**
   * Whether a sample counts as broken when any run accepts a wrong class (the {@code top-K}
   * sweep, judged in the untargeted sense) rather than when its one run reaches the target.
   */
  public boolean sweep() {
    return kind == Kind.TOP;
  }

  /** Whether {@link #target} reads the clean posteriors. */
  public boolean needsPosteriors() {
    return kind == Kind.LEAST_LIKELY || kind == Kind.TOP;
  }

  /**
   * The target of one sample at one rank.
   *
   * @param label the sample's true class, in {@code [0, classes)}
   * @param classes the number of classes, at least 2 (at least {@code K + 1} for {@code top-K})
   * @param seed the evaluation's seed
   * @param sample the sample's index in the test split
   * @param posteriors the clean posteriors of a batch, {@code classes} per sample, row-major;
   *     read only when {@link #needsPosteriors()}, otherwise may be {@code null}
   * @param row the sample's row in {@code posteriors}
   * @param rank which of the sample's {@link #count()} targets, from 0
   * @throws IllegalArgumentException for too few classes, a label or rank out of range, or
   *     missing posteriors
   */
  public int target(
      int label, int classes, long seed, long sample, float[] posteriors, int row, int rank) {
    if (classes < count + 1) {
      throw new IllegalArgumentException("target selection '" + label() + "' needs at least "
          + (count + 1) + " classes, the data has " + classes);
    }
    if (label < 0 || label >= classes) {
      throw new IllegalArgumentException("label " + label + " outside [0, " + classes + ")");
    }
    if (rank < 0 || rank >= count) {
      throw new IllegalArgumentException(
          "target rank " + rank + " outside [0, " + count + ") for '" + label() + "'");
    }
    if (needsPosteriors()
        && (posteriors == null || row < 0 || posteriors.length < (long) (row + 1) * classes)) {
      throw new IllegalArgumentException(
          "'" + label() + "' targets need " + classes + " clean posteriors for row " + row);
    }
    return switch (kind) {
      case NEXT -> (label + 1) % classes;
      case RANDOM -> random(label, classes, seed, sample);
      case LEAST_LIKELY -> leastLikely(label, classes, posteriors, row);
      case TOP -> ranked(label, classes, posteriors, row, rank);
    };
  }

  private static int random(int label, int classes, long seed, long sample) {
    long stream = Seeds.forTarget(seed, sample);
    int drawn = new SplittableRandom(stream).nextInt(classes - 1);
    return drawn >= label ? drawn + 1 : drawn;
  }

  private static int leastLikely(int label, int classes, float[] posteriors, int row) {
    int offset = row * classes;
    int best = -1;
    for (int c = 0; c < classes; c++) {
      if (c != label && (best < 0 || posteriors[offset + c] < posteriors[offset + best])) {
        best = c;
      }
    }
    return best;
  }

  /**
   * The other class at position {@code rank} when the other classes are sorted by decreasing
   * posterior, ties by increasing index: the class that exactly {@code rank} other classes
   * precede.
   */
  private static int ranked(int label, int classes, float[] posteriors, int row, int rank) {
    int offset = row * classes;
    for (int c = 0; c < classes; c++) {
      if (c == label) {
        continue;
      }
      int ahead = 0;
      for (int d = 0; d < classes; d++) {
        if (d != label && d != c
            && precedes(posteriors[offset + d], d, posteriors[offset + c], c)) {
          ahead++;
        }
      }
      if (ahead == rank) {
        return c;
      }
    }
    throw new IllegalStateException("no class at rank " + rank + " of " + classes);
  }

  /** Whether class {@code c} of posterior {@code p} comes before class {@code d} of {@code q}. */
  private static boolean precedes(float p, int c, float q, int d) {
    int order = Float.compare(p, q);
    return order > 0 || (order == 0 && c < d);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof TargetSelection that && kind == that.kind && count == that.count;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, count);
  }

  /** The {@link #label()}. */
  @Override
  public String toString() {
    return label();
  }

  private enum Kind {
    NEXT("next"),
    RANDOM("random"),
    LEAST_LIKELY("least-likely"),
    TOP("top");

    private final String label;

    Kind(String label) {
      this.label = label;
    }
  }
}
