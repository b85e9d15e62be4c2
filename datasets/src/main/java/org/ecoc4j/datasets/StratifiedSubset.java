package org.ecoc4j.datasets;

import java.util.Arrays;
import org.ecoc4j.api.data.BatchCursor;
import org.ecoc4j.api.data.Split;
import org.ecoc4j.api.random.Seeds;

/**
 * Limited-data subsets of a training split, drawn stratified by class: each class keeps the same
 * fraction of its images (rounded, at least one image of every class present).
 *
 * <p>Each class's images are shuffled by the seed and the subset takes a prefix of that order, so
 * for one seed a smaller fraction is always contained in a larger one (1/4 within 1/2 within the
 * whole), as nested limited-data experiments need.
 */
public final class StratifiedSubset {

  private StratifiedSubset() {}

  /**
   * The subset of {@code split} keeping {@code fraction} of each class.
   *
   * @param fraction in (0, 1]; 1 returns the split itself
   * @param seed chooses which images stay
   * @throws IllegalArgumentException for a fraction outside (0, 1]
   */
  public static Split of(Split split, double fraction, long seed) {
    if (fraction == 1.0) {
      return split;
    }
    return new SubsetSplit(
        split, indices(split, fraction, seed), split.name() + " (subset " + fraction + ", seed "
            + seed + ")");
  }

  /**
   * The positions in {@code split} of the subset's images, ascending.
   *
   * @throws IllegalArgumentException for a fraction outside (0, 1]
   */
  public static int[] indices(Split split, double fraction, long seed) {
    if (!(fraction > 0 && fraction <= 1)) {
      throw new IllegalArgumentException("subset fraction must be in (0, 1], got " + fraction);
    }
    int[] counts = split.classCounts();
    int[][] byClass = new int[counts.length][];
    int[] filled = new int[counts.length];
    for (int c = 0; c < counts.length; c++) {
      byClass[c] = new int[counts[c]];
    }
    for (int i = 0; i < split.size(); i++) {
      int label = split.label(i);
      byClass[label][filled[label]++] = i;
    }
    int[] chosen = new int[split.size()];
    int size = 0;
    for (int c = 0; c < counts.length; c++) {
      if (counts[c] == 0) {
        continue;
      }
      int keep = (int) Math.max(1, Math.round(counts[c] * fraction));
      int[] order = BatchCursor.permutation(counts[c], Seeds.forClass(seed, c));
      for (int k = 0; k < keep; k++) {
        chosen[size++] = byClass[c][order[k]];
      }
    }
    int[] result = Arrays.copyOf(chosen, size);
    Arrays.sort(result);
    return result;
  }
}
