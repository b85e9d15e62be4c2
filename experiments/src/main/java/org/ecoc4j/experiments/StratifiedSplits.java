package org.ecoc4j.experiments;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.ecoc4j.api.data.Split;

/**
 * Stratified, seeded division of a split into parts, as the contrastive ECOC paper divides each
 * dataset (its Table 3: train, generation, validation, test; Fashion-MNIST's 60,000 training
 * images become 48,000 for training and 12,000 for generating the codebook). Each class is
 * shuffled with the seed and dealt to the parts in proportion to their fractions, so every part
 * holds each class in the proportion of the whole; the images are copied.
 */
final class StratifiedSplits {

  private StratifiedSplits() {}

  /**
   * The parts of {@code data}.
   *
   * @param names each part's name
   * @param fractions each part's share of every class, positive, summing to 1
   * @param seed seed of the shuffle
   * @throws IllegalArgumentException for names and fractions of different counts, a fraction
   *     that is not positive, fractions that do not sum to 1, or a part that would receive no
   *     sample of a class present in {@code data} (naming both)
   */
  static List<Split> of(Split data, List<String> names, double[] fractions, long seed) {
    if (names.size() != fractions.length || fractions.length == 0) {
      throw new IllegalArgumentException(
          names.size() + " part names for " + fractions.length + " fractions");
    }
    double total = 0;
    for (double f : fractions) {
      if (!(f > 0)) {
        throw new IllegalArgumentException("a part's fraction must be positive, got " + f);
      }
      total += f;
    }
    if (Math.abs(total - 1) > 1e-9) {
      throw new IllegalArgumentException("the fractions sum to " + total + ", not 1");
    }
    int classes = data.classes();
    List<List<Integer>> byClass = new ArrayList<>();
    for (int c = 0; c < classes; c++) {
      byClass.add(new ArrayList<>());
    }
    for (int i = 0; i < data.size(); i++) {
      byClass.get(data.label(i)).add(i);
    }
    List<List<Integer>> parts = new ArrayList<>();
    for (int p = 0; p < fractions.length; p++) {
      parts.add(new ArrayList<>());
    }
    Random random = new Random(seed);
    for (int c = 0; c < classes; c++) {
      List<Integer> members = byClass.get(c);
      java.util.Collections.shuffle(members, random);
      int from = 0;
      double cumulative = 0;
      for (int p = 0; p < fractions.length; p++) {
        cumulative += fractions[p];
        int to = p == fractions.length - 1
            ? members.size() : (int) Math.round(cumulative * members.size());
        if (to <= from && !members.isEmpty()) {
          throw new IllegalArgumentException("part '" + names.get(p) + "' would hold no sample of"
              + " class " + c + " (" + members.size() + " in " + data.name() + ")");
        }
        parts.get(p).addAll(members.subList(from, to));
        from = to;
      }
    }
    List<Split> result = new ArrayList<>();
    for (int p = 0; p < fractions.length; p++) {
      result.add(copy(data, names.get(p), parts.get(p)));
    }
    return result;
  }

  private static Split copy(Split data, String name, List<Integer> indices) {
    java.util.Collections.sort(indices);
    int size = data.shape().size();
    float[] images = new float[indices.size() * size];
    int[] labels = new int[indices.size()];
    for (int i = 0; i < indices.size(); i++) {
      data.copyImage(indices.get(i), images, i * size);
      labels[i] = data.label(indices.get(i));
    }
    return Split.inMemory(name, data.shape(), data.classes(), images, labels);
  }
}
